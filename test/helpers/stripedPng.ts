/** Deterministic raster images for fixtures, drawn at serve time so no binary is committed. */
import { PNG } from 'pngjs';

/** Parses `rrggbb` into [r, g, b]. */
function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/**
 * A `size`×`size` PNG of diagonal stripes in two colours (`rrggbb` each), stripe width
 * size/8: a picture whose absence, or replacement by a broken-image icon, shows at once.
 */
export function stripedPng(first: string, second: string, size: number): Buffer {
  const png = new PNG({ width: size, height: size });
  const colours = [rgb(first), rgb(second)];
  const stripe = Math.max(1, Math.floor(size / 8));
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const [r, g, b] = colours[Math.floor((x + y) / stripe) % 2]!;
      const at = (y * size + x) * 4;
      png.data[at] = r;
      png.data[at + 1] = g;
      png.data[at + 2] = b;
      png.data[at + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

/** Reads `stripes-rrggbb-rrggbb-SIZE.png` (SIZE 8–1024); null for any other name. */
export function stripedPngFromName(name: string): Buffer | null {
  const match = /^stripes-([0-9a-f]{6})-([0-9a-f]{6})-(\d{1,4})\.png$/.exec(name);
  if (!match) return null;
  const size = Number(match[3]);
  return size >= 8 && size <= 1024 ? stripedPng(match[1]!, match[2]!, size) : null;
}
