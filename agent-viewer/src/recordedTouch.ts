/**
 * Finds the shopper's taps in the recording. rrweb records a finger touching the screen as a
 * MouseInteraction TouchStart (from a `pointerdown` of pointer type touch, or a legacy
 * `touchstart`) at the point in the viewport's CSS px; mouse presses are MouseDown instead.
 */
import { EventType, IncrementalSource, MouseInteractions, type eventWithTime } from '@rrweb/types';

/** A point of the shopper's viewport, CSS px. */
export interface ViewportPoint {
  x: number;
  y: number;
}

/** Where a finger touched the screen, when the event is a touch start; null for every other event. */
export function touchStartPoint(event: eventWithTime): ViewportPoint | null {
  if (event.type !== EventType.IncrementalSnapshot) return null;
  const data = event.data;
  if (data.source !== IncrementalSource.MouseInteraction || data.type !== MouseInteractions.TouchStart) return null;
  const { x, y } = data;
  return typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y) ? { x, y } : null;
}
