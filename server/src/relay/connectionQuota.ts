/** Counts open connections per key (a peer address, an agent id) and refuses past a cap. */

/** Open-connection slots per key, capped: this node's (ConnectionQuota) or every node's (bus/sharedConnectionQuota.ts). */
export interface SocketSlots {
  readonly maxPerKey: number;
  /** Takes a slot for `key`: the function that gives it back (call once, when the connection closes), or null at the cap. */
  take(key: string): Promise<(() => void) | null>;
}

/** Open-connection counts per key in this process, each capped at `maxPerKey`. */
export class ConnectionQuota implements SocketSlots {
  private readonly open = new Map<string, number>();

  constructor(readonly maxPerKey: number) {}

  /** Counts one more connection for `key`; false (counting nothing) when the key is at its cap. */
  tryOpen(key: string): boolean {
    const count = this.open.get(key) ?? 0;
    if (count >= this.maxPerKey) return false;
    this.open.set(key, count + 1);
    return true;
  }

  take(key: string): Promise<(() => void) | null> {
    return Promise.resolve(this.tryOpen(key) ? () => this.release(key) : null);
  }

  /** Forgets one connection of `key` (call exactly once per successful tryOpen). */
  release(key: string): void {
    const left = (this.open.get(key) ?? 1) - 1;
    if (left > 0) this.open.set(key, left);
    else this.open.delete(key);
  }
}
