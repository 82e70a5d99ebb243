/** The shopper's taps as brief ripples over the replay, where the finger touched. */
import type { ViewportPoint } from './recordedTouch';

/** How long a ripple stays, ms (its animation in console.css lasts as long). */
const RIPPLE_MS = 600;

/** Shows one ripple in `layer` at `point` (replay px) times the replay's `scale`. */
export function showTapRipple(layer: HTMLElement, point: ViewportPoint, scale: number): void {
  const ripple = document.createElement('span');
  ripple.className = 'tap-ripple';
  ripple.style.left = `${point.x * scale}px`;
  ripple.style.top = `${point.y * scale}px`;
  layer.append(ripple);
  setTimeout(() => ripple.remove(), RIPPLE_MS);
}
