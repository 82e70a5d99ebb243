/**
 * Where the shopper's pinch-zoomed area and on-screen keyboard are over the replay, in the
 * layout viewport's CSS px (the replay's own px). Pure: no DOM.
 */
import type { DeviceState } from '../../protocol/deviceState';

/** A box in layout-viewport CSS px. */
export interface LayoutArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Below this pinch-zoom scale the shopper is not zoomed in (browsers settle a little off 1). */
const ZOOMED_FROM = 1.05;

/** The part of the page on the shopper's screen while pinch-zoomed in; null when not zoomed. */
export function zoomedArea({ visual }: DeviceState): LayoutArea | null {
  if (visual.scale <= ZOOMED_FROM) return null;
  return { x: visual.x, y: visual.y, width: visual.width, height: visual.height };
}

/**
 * The on-screen keyboard, right below the visible area; null when none. When the browser
 * shrank the visible area for it (Android Chrome, iOS Safari) it lies over the page; when the
 * browser resized the whole viewport (older Android, in-app browsers) it lies below the
 * layout viewport, as on the phone's screen.
 */
export function keyboardArea({ visual, keyboard }: DeviceState): LayoutArea | null {
  if (keyboard <= 0) return null;
  return { x: visual.x, y: visual.y + visual.height, width: visual.width, height: keyboard / visual.scale };
}
