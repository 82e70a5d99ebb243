/**
 * Reads the replayed page inside the Replayer's iframe: scroll, the element under a point
 * and where an annotation sits now (following its anchor node like the shopper's overlay).
 * Replay coordinates are the shopper's CSS pixels (the iframe's viewport, unscaled).
 */
import type { Replayer } from 'rrweb';
import type { Annotation, Rect } from '../../../protocol/annotation';
import { placeAnnotation } from '../../../protocol/annotationGeometry';
import type { XY } from './markGeometry';

/** The replayed page's scroll offset (viewport → document coordinates). */
export function replayScroll(replayer: Replayer): XY {
  const win = replayer.iframe.contentWindow;
  return { x: win?.scrollX ?? 0, y: win?.scrollY ?? 0 };
}

function isElement(node: Node | null | undefined): node is Element {
  return !!node && node.nodeType === 1;
}

function boxOf(element: Element): Rect {
  const r = element.getBoundingClientRect();
  return { x: r.left, y: r.top, w: r.width, h: r.height };
}

/** A replayed element, its rrweb mirror id and its viewport box (replay px). */
export interface ReplayElement {
  element: Element;
  node: number;
  box: Rect;
}

/** `element` with its mirror id and current box; null when it was not recorded, is detached or has no size. */
export function replayElement(replayer: Replayer, element: Element): ReplayElement | null {
  if (!element.isConnected) return null;
  const node = replayer.getMirror().getId(element);
  const box = boxOf(element);
  if (node < 1 || box.w <= 0 || box.h <= 0) return null;
  return { element, node, box };
}

/** The recorded element under `at` (replay viewport px), ignoring the page's html/body and unsized boxes. */
export function elementAt(replayer: Replayer, at: XY): ReplayElement | null {
  const doc = replayer.iframe.contentDocument;
  const element = doc?.elementFromPoint(at.x, at.y);
  if (!doc || !isElement(element) || element === doc.body || element === doc.documentElement) return null;
  return replayElement(replayer, element);
}

/** Where `annotation` sits now in the replay's viewport (replay px): on its anchor node if present, else from its document box. */
export function placeInReplay(replayer: Replayer, annotation: Annotation): Rect {
  let nodeBox: Rect | null = null;
  if (annotation.anchor) {
    const node = replayer.getMirror().getNode(annotation.anchor.node);
    if (isElement(node) && node.isConnected) {
      const box = boxOf(node);
      if (box.w > 0 || box.h > 0) nodeBox = box;
    }
  }
  return placeAnnotation(annotation, nodeBox, replayScroll(replayer));
}
