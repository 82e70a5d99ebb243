/**
 * Sends the pixels of what the agent's replay cannot load itself: images shown from `blob:`
 * URLs (they exist only in the shopper's tab) once, and canvases at a low rate (2 fps by
 * default, only when on screen and changed), each downscaled to its size on screen and
 * compressed (WebP where the browser can). One element per task, so a page with many of
 * them never blocks the shopper.
 */
import { REPLAY_PIXELS_TAG, type ReplayPixels } from '../../protocol/replayPixels';

/** Canvas frames per second by default. */
export const DEFAULT_CANVAS_FPS = 2;
/** Longest side of a sent picture, px. */
const MAX_SIDE_PX = 1600;
const QUALITY = 0.8;

/** What the capture needs from the recorder. */
export interface PixelCaptureOptions {
  /** Emits an rrweb custom event (record.addCustomEvent). */
  emit(tag: string, payload: ReplayPixels): void;
  /** Canvas frames per second; 0 turns canvas capture off. */
  canvasFps: number;
}

/** The running capture. */
export interface PixelCapture {
  /** A serialised element with its rrweb id: blob images and canvases are queued for capture. */
  note(id: number, element: Element): void;
  /** A new checkpoint renumbers every node: forget what was noted and sent. */
  checkpoint(): void;
  /** Stops the timer and drops the queue. */
  stop(): void;
}

/** True for an `<img>` whose picture comes from a `blob:` URL. */
export function isBlobImage(element: Element): element is HTMLImageElement {
  return element.localName === 'img' && /^blob:/i.test((element as HTMLImageElement).currentSrc || (element.getAttribute('src') ?? ''));
}

/** Draws `source` at its size on screen (at most MAX_SIDE_PX) and returns a compressed data URL, or null (not loaded, tainted, empty). */
function pictureOf(source: HTMLImageElement | HTMLCanvasElement, box: DOMRect, scratch: HTMLCanvasElement): string | null {
  // localName, not instanceof: elements of same-origin frames come from another realm.
  const image = source.localName === 'img' ? (source as HTMLImageElement) : null;
  const naturalWidth = image ? image.naturalWidth : source.width;
  const naturalHeight = image ? image.naturalHeight : source.height;
  if (!naturalWidth || !naturalHeight) return null;
  const ratio = window.devicePixelRatio || 1;
  const target = Math.min(1, MAX_SIDE_PX / Math.max(naturalWidth, naturalHeight), box.width ? (box.width * ratio) / naturalWidth : 1);
  scratch.width = Math.max(1, Math.round(naturalWidth * target));
  scratch.height = Math.max(1, Math.round(naturalHeight * target));
  const context = scratch.getContext('2d');
  if (!context) return null;
  try {
    context.clearRect(0, 0, scratch.width, scratch.height);
    context.drawImage(source, 0, 0, scratch.width, scratch.height);
    return scratch.toDataURL('image/webp', QUALITY);
  } catch {
    // A canvas tainted by cross-origin pixels cannot be read: the replay keeps it blank.
    return null;
  }
}

/** True when any part of `element` is inside the viewport. */
function onScreen(element: Element): boolean {
  const box = element.getBoundingClientRect();
  return box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth;
}

/** Starts capturing; see PixelCaptureOptions. */
export function startPixelCapture({ emit, canvasFps }: PixelCaptureOptions): PixelCapture {
  const scratch = document.createElement('canvas');
  const canvases = new Map<number, HTMLCanvasElement>();
  const lastSent = new Map<number, string>();
  const queue: Array<[number, HTMLImageElement | HTMLCanvasElement]> = [];
  let drainScheduled = false;
  let stopped = false;
  // Bumped at each checkpoint: an image that finishes loading later must not use an old id.
  let generation = 0;

  const send = (id: number, element: HTMLImageElement | HTMLCanvasElement): void => {
    const box = element.getBoundingClientRect();
    const src = pictureOf(element, box, scratch);
    const width = Math.round(box.width * 100) / 100;
    const height = Math.round(box.height * 100) / 100;
    const key = `${width}x${height} ${src}`;
    if (!src || lastSent.get(id) === key) return;
    lastSent.set(id, key);
    emit(REPLAY_PIXELS_TAG, { id, kind: element.localName === 'canvas' ? 'canvas' : 'image', src, width, height });
  };
  const drain = (): void => {
    drainScheduled = false;
    const next = queue.shift();
    if (stopped || !next) return;
    const [id, element] = next;
    // A canvas travels only while the shopper can see it; the timer sends it once scrolled into view.
    if (element.isConnected && (element.localName !== 'canvas' || onScreen(element))) send(id, element);
    schedule();
  };
  const schedule = (): void => {
    if (drainScheduled || queue.length === 0) return;
    drainScheduled = true;
    setTimeout(drain, 0);
  };
  const enqueue = (id: number, element: HTMLImageElement | HTMLCanvasElement): void => {
    if (!queue.some(([queued]) => queued === id)) queue.push([id, element]);
    schedule();
  };

  const timer =
    canvasFps > 0
      ? setInterval(() => {
          for (const [id, canvas] of canvases) {
            if (!canvas.isConnected) canvases.delete(id);
            else if (onScreen(canvas)) enqueue(id, canvas);
          }
        }, 1000 / canvasFps)
      : undefined;

  return {
    note(id, element) {
      if (stopped) return;
      if (element.localName === 'canvas' && canvasFps > 0) {
        canvases.set(id, element as HTMLCanvasElement);
        enqueue(id, element as HTMLCanvasElement);
      } else if (isBlobImage(element)) {
        const image = element;
        const noted = generation;
        if (image.complete && image.naturalWidth) enqueue(id, image);
        else image.addEventListener('load', () => noted === generation && enqueue(id, image), { once: true });
      }
    },
    checkpoint() {
      generation += 1;
      canvases.clear();
      lastSent.clear();
      queue.length = 0;
    },
    stop() {
      stopped = true;
      clearInterval(timer);
      queue.length = 0;
    },
  };
}
