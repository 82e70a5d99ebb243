/**
 * When the overlay must move its marks: any scroll (captured, so nested scroll containers
 * count), window resize, a resize of an anchored node (ResizeObserver), and a slow interval
 * for layout changes nothing reports (responsive reflow, late images). Coalesced to one
 * layout per animation frame, and none at all while nothing is drawn: an idle overlay must not
 * wake the shopper's page up (an animation frame makes the browser render the page).
 */

/** The relayout schedule of one overlay. */
export interface RelayoutTriggers {
  /** Lays out on the next animation frame (once, however often it is asked). */
  schedule(): void;
  /** Follows size changes of an anchored node (counted: one call per mark). */
  watch(node: Element): void;
  /** Stops following a node once no mark is anchored to it any more. */
  unwatch(node: Element): void;
  /** Removes every listener, observer and timer. */
  dispose(): void;
}

const RELAYOUT_INTERVAL_MS = 250;

/** Starts calling `layout` whenever the page may have moved and `drawing()` says something is drawn. */
export function startRelayoutTriggers(layout: () => void, drawing: () => boolean): RelayoutTriggers {
  let frame = 0;
  const schedule = (): void => {
    if (!frame && drawing()) {
      frame = requestAnimationFrame(() => {
        frame = 0;
        layout();
      });
    }
  };
  const watched = new Map<Element, number>();
  const resizes = typeof ResizeObserver === 'function' ? new ResizeObserver(schedule) : null;
  window.addEventListener('scroll', schedule, { capture: true, passive: true });
  window.addEventListener('resize', schedule, { passive: true });
  const timer = setInterval(schedule, RELAYOUT_INTERVAL_MS);

  return {
    schedule,
    watch(node) {
      const count = watched.get(node) ?? 0;
      watched.set(node, count + 1);
      if (count === 0) resizes?.observe(node);
    },
    unwatch(node) {
      const count = watched.get(node) ?? 0;
      if (count > 1) {
        watched.set(node, count - 1);
        return;
      }
      watched.delete(node);
      resizes?.unobserve(node);
    },
    dispose() {
      cancelAnimationFrame(frame);
      clearInterval(timer);
      resizes?.disconnect();
      watched.clear();
      window.removeEventListener('scroll', schedule, { capture: true });
      window.removeEventListener('resize', schedule);
    },
  };
}
