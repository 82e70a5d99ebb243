/** Turns a box drawn over the replay into an annotation anchored to the replayed DOM node. */
import type { Replayer } from 'rrweb';
import type { AnnotationAnchor, Rect } from '../../protocol/annotation';
import { relativeToNode } from '../../protocol/annotationGeometry';

/** Anchor (when a node is under the box) and document-coordinate fallback of a drawn box. */
export interface AnchoredBox {
  anchor: AnnotationAnchor | null;
  box: Rect;
}

/**
 * `drawn` is in the replay iframe's viewport pixels (the shopper's CSS pixels). The anchor
 * node is the element under the box's centre, widened to an ancestor while it is much smaller
 * than the box.
 */
export function anchorDrawnBox(replayer: Replayer, drawn: Rect): AnchoredBox {
  const win = replayer.iframe.contentWindow;
  const doc = replayer.iframe.contentDocument;
  const scroll = { x: win?.scrollX ?? 0, y: win?.scrollY ?? 0 };
  const box = { x: drawn.x + scroll.x, y: drawn.y + scroll.y, w: drawn.w, h: drawn.h };
  let element = doc?.elementFromPoint(drawn.x + drawn.w / 2, drawn.y + drawn.h / 2) ?? null;
  const drawnArea = Math.max(1, drawn.w * drawn.h);
  while (element && element.parentElement && area(element.getBoundingClientRect()) < drawnArea * 0.25) element = element.parentElement;
  if (!element || element === doc?.body || element === doc?.documentElement) return { anchor: null, box };
  const node = replayer.getMirror().getId(element);
  if (node < 1) return { anchor: null, box };
  const r = element.getBoundingClientRect();
  return { anchor: { node, ...relativeToNode(drawn, { x: r.left, y: r.top, w: r.width, h: r.height }) }, box };
}

function area(r: DOMRect): number {
  return r.width * r.height;
}
