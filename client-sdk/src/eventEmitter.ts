/** Minimal typed event emitter behind `Lookalong.on`. Listener errors never break the SDK. */

/** Map of event name → payload type. */
export type EventMap = Record<string, unknown>;

/** Subscribe/emit for a fixed set of events. */
export class EventEmitter<Events extends EventMap> {
  private readonly listeners = new Map<keyof Events, Set<(payload: never) => void>>();

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof Events>(event: K, listener: (payload: Events[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  /** Calls every listener of `event`. */
  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        (listener as (p: Events[K]) => void)(payload);
      } catch (err) {
        console.error('[Lookalong] listener failed', err);
      }
    }
  }
}
