/** Colours derived from a mark's validated `#rrggbb` colour. */

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

/** The colour at about 13 % opacity, for a highlight's fill. */
export function translucent(color: string): string {
  return `${color}22`;
}
