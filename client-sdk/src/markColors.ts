/** Colours derived from a mark's validated `#rrggbb` colour. */

/** The colour at about 13 % opacity, for a highlight's fill. */
export function translucent(color: string): string {
  return `${color}22`;
}
