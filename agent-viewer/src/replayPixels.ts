/**
 * Shows the pixels the SDK sends for a canvas or a `blob:` image in the replay, validated first
 * (raster `data:` URLs only). The replay document runs no script, and a canvas in such a
 * document renders its fallback content, not a bitmap: the frame becomes the canvas's
 * background, at the size it has on the shopper's screen.
 */
import type { Replayer } from 'rrweb';
import { readReplayPixels, REPLAY_PIXELS_TAG } from '../../protocol/replayPixels';

/** An rrweb custom event's data. */
interface CustomEventData {
  tag: string;
  payload: unknown;
}

/** Applies one rrweb custom event if it is a valid pixels update; other custom events are ignored. */
export function applyReplayPixels(replayer: Replayer, data: CustomEventData): void {
  if (data.tag !== REPLAY_PIXELS_TAG) return;
  const pixels = readReplayPixels(data.payload);
  if (!pixels) return;
  const node = replayer.getMirror().getNode(pixels.id) as Element | null;
  if (pixels.kind === 'image' && node?.localName === 'img') {
    (node as HTMLImageElement).src = pixels.src;
  } else if (pixels.kind === 'canvas' && node?.localName === 'canvas') {
    const style = (node as HTMLCanvasElement).style;
    // Without script the canvas is laid out like an inline box: give it the shopper's size.
    if (getComputedStyle(node).display === 'inline') style.setProperty('display', 'inline-block', 'important');
    style.setProperty('width', `${pixels.width}px`, 'important');
    style.setProperty('height', `${pixels.height}px`, 'important');
    style.setProperty('background', `url("${pixels.src}") 0 0 / 100% 100% no-repeat`, 'important');
  }
}
