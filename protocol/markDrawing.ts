/**
 * How marks look, shared by the shopper's overlay and the agent's canvas so both draw the
 * same figure: arrow geometry and the label text colour. Pure functions, no DOM.
 */

/** A point in pixels. */
export interface PixelPoint {
  x: number;
  y: number;
}

/** Length of an arrow's head along the shaft, px. */
const HEAD_LENGTH_PX = 14;
/** Half the width of an arrow's head at its base, px. */
const HEAD_HALF_WIDTH_PX = 7;

/** Splits an arrow into its shaft (tail → base of the head) and its head triangle (tip first). */
export function arrowParts(tail: PixelPoint, tip: PixelPoint): { shaft: [PixelPoint, PixelPoint]; head: [PixelPoint, PixelPoint, PixelPoint] } {
  const dx = tip.x - tail.x;
  const dy = tip.y - tail.y;
  const length = Math.hypot(dx, dy) || 1;
  const [ux, uy] = [dx / length, dy / length];
  const headLength = Math.min(HEAD_LENGTH_PX, length);
  const halfWidth = (HEAD_HALF_WIDTH_PX * headLength) / HEAD_LENGTH_PX;
  const base = { x: tip.x - ux * headLength, y: tip.y - uy * headLength };
  return {
    shaft: [tail, base],
    head: [tip, { x: base.x - uy * halfWidth, y: base.y + ux * halfWidth }, { x: base.x + uy * halfWidth, y: base.y - ux * halfWidth }],
  };
}

/** WCAG relative luminance of a `#rrggbb` colour (0 black … 1 white). */
function luminance(hex: string): number {
  const channel = (offset: number): number => {
    const c = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** Black or white, whichever contrasts more with `background` (`#rrggbb`). */
export function readableTextColor(background: string): '#000000' | '#ffffff' {
  const l = luminance(background);
  return (l + 0.05) / 0.05 > 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}
