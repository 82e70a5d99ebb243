/**
 * Picture match of two screenshots of the same size: both are cut into square blocks, each
 * block reduced to its mean colour; a block matches when no channel's mean differs by more
 * than the tolerance. Block means forgive anti-aliasing and sub-pixel text differences but not
 * a missing image, background, font or stylesheet.
 */
import { PNG } from 'pngjs';

/** A rectangle in screenshot pixels. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How the match is computed. */
export interface PictureMatchOptions {
  /** Block edge in pixels (default 16). */
  block?: number;
  /** Largest difference of a channel's block mean, 0–255, for a block to match (default 24). */
  tolerance?: number;
  /** Areas expected to differ by design: blocks touching them are not compared. */
  exclude?: readonly Rect[];
}

/** Outcome of a picture match. */
export interface PictureMatch {
  /** Share of compared blocks that match, 0–1. */
  share: number;
  blocks: number;
  compared: number;
  excluded: number;
  mismatched: Rect[];
}

/** Default block edge (px) and tolerance (max channel difference of block means, 0–255). */
export const PICTURE_DEFAULTS = { block: 16, tolerance: 24 } as const;

/** Mean R, G, B of `rect` in a decoded PNG. */
function meanColour(png: PNG, rect: Rect): [number, number, number] {
  const sum = [0, 0, 0];
  for (let y = rect.y; y < rect.y + rect.height; y++) {
    for (let x = rect.x; x < rect.x + rect.width; x++) {
      const at = (y * png.width + x) * 4;
      sum[0]! += png.data[at]!;
      sum[1]! += png.data[at + 1]!;
      sum[2]! += png.data[at + 2]!;
    }
  }
  const n = rect.width * rect.height;
  return [sum[0]! / n, sum[1]! / n, sum[2]! / n];
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Compares two PNG screenshots of equal size block by block (see PictureMatchOptions). */
export function matchPictures(first: Buffer, second: Buffer, options: PictureMatchOptions = {}): PictureMatch {
  const block = options.block ?? PICTURE_DEFAULTS.block;
  const tolerance = options.tolerance ?? PICTURE_DEFAULTS.tolerance;
  const a = PNG.sync.read(first);
  const b = PNG.sync.read(second);
  if (a.width !== b.width || a.height !== b.height) throw new Error(`screenshots differ in size: ${a.width}×${a.height} vs ${b.width}×${b.height}`);
  let blocks = 0;
  let excluded = 0;
  const mismatched: Rect[] = [];
  for (let y = 0; y < a.height; y += block) {
    for (let x = 0; x < a.width; x += block) {
      const rect = { x, y, width: Math.min(block, a.width - x), height: Math.min(block, a.height - y) };
      blocks += 1;
      if (options.exclude?.some((area) => overlaps(rect, area))) {
        excluded += 1;
        continue;
      }
      const ma = meanColour(a, rect);
      const mb = meanColour(b, rect);
      if (Math.max(...ma.map((v, i) => Math.abs(v - mb[i]!))) > tolerance) mismatched.push(rect);
    }
  }
  const compared = blocks - excluded;
  return { share: compared === 0 ? 1 : (compared - mismatched.length) / compared, blocks, compared, excluded, mismatched };
}

/**
 * True when `rect` of a screenshot holds more than a plain box: over 1 % of its pixels differ
 * by more than 48 in a channel from the rect's most common colour (text, an icon, a pattern).
 */
export function regionHasContent(shot: Buffer, rect: Rect): boolean {
  const png = PNG.sync.read(shot);
  const counts = new Map<number, number>();
  const colours: number[] = [];
  for (let y = Math.max(0, rect.y); y < Math.min(png.height, rect.y + rect.height); y++) {
    for (let x = Math.max(0, rect.x); x < Math.min(png.width, rect.x + rect.width); x++) {
      const at = (y * png.width + x) * 4;
      const colour = (png.data[at]! << 16) | (png.data[at + 1]! << 8) | png.data[at + 2]!;
      colours.push(colour);
      counts.set(colour, (counts.get(colour) ?? 0) + 1);
    }
  }
  if (colours.length === 0) return false;
  const common = [...counts].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
  const far = colours.filter((c) => [16, 8, 0].some((shift) => Math.abs(((c >> shift) & 255) - ((common >> shift) & 255)) > 48)).length;
  return far / colours.length > 0.01;
}

/** The second screenshot with every mismatched block outlined in red (debugging aid). */
export function outlineMismatches(shot: Buffer, mismatched: readonly Rect[]): Buffer {
  const png = PNG.sync.read(shot);
  for (const rect of mismatched) {
    for (let y = rect.y; y < rect.y + rect.height; y++) {
      for (let x = rect.x; x < rect.x + rect.width; x++) {
        if (y !== rect.y && x !== rect.x && y !== rect.y + rect.height - 1 && x !== rect.x + rect.width - 1) continue;
        const at = (y * png.width + x) * 4;
        png.data[at] = 255;
        png.data[at + 1] = 0;
        png.data[at + 2] = 0;
      }
    }
  }
  return PNG.sync.write(png);
}
