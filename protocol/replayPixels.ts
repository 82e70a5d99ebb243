/**
 * Pixels the SDK sends for elements the replay cannot load itself: a canvas's current frame
 * and an image shown from a `blob:` URL (which only exists in the shopper's tab). Carried as
 * an rrweb custom event inside the opaque payload; the console validates before drawing.
 */

/** rrweb custom-event tag of a pixels update. */
export const REPLAY_PIXELS_TAG = 'lookalong/pixels';

/**
 * One pixels update: the rrweb node id, what it is, a raster `data:` URL, and the element's
 * size on the shopper's screen in CSS px (a canvas in the replay, which runs no script, has no
 * bitmap and no size of its own: the console draws the picture as its background).
 */
export interface ReplayPixels {
  id: number;
  kind: 'canvas' | 'image';
  src: string;
  width: number;
  height: number;
}

/** Largest accepted box side, CSS px. */
const MAX_BOX_PX = 100_000;

/** Raster data URLs only (no SVG, no other schemes). */
const RASTER_DATA_URL = /^data:image\/(?:png|jpeg|webp|gif);base64,[A-Za-z0-9+/=]+$/;

/** The payload as ReplayPixels, or null when it is not a valid pixels update. */
export function readReplayPixels(payload: unknown): ReplayPixels | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const { id, kind, src, width, height } = payload as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) return null;
  if (kind !== 'canvas' && kind !== 'image') return null;
  if (typeof src !== 'string' || !RASTER_DATA_URL.test(src)) return null;
  const isSize = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= MAX_BOX_PX;
  if (!isSize(width) || !isSize(height)) return null;
  return { id, kind, src, width, height };
}
