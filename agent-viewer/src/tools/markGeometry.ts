/**
 * Pure geometry of the agent's drawing tools: boxes around points, fractions of a box, arrow
 * heads, note boxes and the tidying that keeps every mark inside the wire format's bounds.
 * No DOM, no Fabric: unit-tested on its own.
 */
import type { AnnotationAnchor, BoxPoint, Rect } from '../../../protocol/annotation';

/** A point in pixels (canvas or replay coordinates, said where used). */
export interface XY {
  x: number;
  y: number;
}

/** Smallest side (px) of a box sent with points: a straight stroke still gets a 1 px side. */
export const MIN_BOX_SIDE = 1;
/** Largest anchor fraction the protocol accepts (annotation.ts MAX_FRACTION). */
const MAX_ANCHOR_FRACTION = 100;

/** Grows `box` around its centre so each side is at least `minSide`. */
export function padBox(box: Rect, minSide = MIN_BOX_SIDE): Rect {
  const w = Math.max(box.w, minSide);
  const h = Math.max(box.h, minSide);
  return { x: box.x - (w - box.w) / 2, y: box.y - (h - box.h) / 2, w, h };
}

/** Bounding box of `points` (at least one), padded so each side is at least `minSide`. */
export function boundsOf(points: readonly XY[], minSide = MIN_BOX_SIDE): Rect {
  if (points.length === 0) throw new RangeError('boundsOf needs at least one point');
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const { x, y } of points) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  return padBox({ x: minX, y: minY, w: maxX - minX, h: maxY - minY }, minSide);
}

/** Rounds to `decimals` places, never returning -0. */
export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f + 0;
}

/** Expresses `points` as fractions of `box`, rounded to 4 decimals. */
export function toFractions(points: readonly XY[], box: Rect): BoxPoint[] {
  const w = box.w || 1;
  const h = box.h || 1;
  return points.map((p) => ({ x: roundTo((p.x - box.x) / w, 4), y: roundTo((p.y - box.y) / h, 4) }));
}

/** Turns fractions of `box` back into absolute points. */
export function fromFractions(points: readonly BoxPoint[], box: Rect): XY[] {
  return points.map((p) => ({ x: box.x + p.x * box.w, y: box.y + p.y * box.h }));
}

/** A box and its points as fractions of it: what pen, arrow and laser marks carry. */
export interface StrokeBox {
  box: Rect;
  points: BoxPoint[];
}

/** Box around `points` (padded to MIN_BOX_SIDE) plus the points as fractions of that box. */
export function strokeBox(points: readonly XY[]): StrokeBox {
  const box = boundsOf(points);
  return { box, points: toFractions(points, box) };
}

/** Multiplies every coordinate of `rect` by `factor` (replay px ↔ canvas px). */
export function scaleRect(rect: Rect, factor: number): Rect {
  return { x: rect.x * factor, y: rect.y * factor, w: rect.w * factor, h: rect.h * factor };
}

/** Multiplies a point by `factor` (replay px ↔ canvas px). */
export function scalePoint(point: XY, factor: number): XY {
  return { x: point.x * factor, y: point.y * factor };
}

/** Moves a rect by `offset` (e.g. viewport → document coordinates by adding the scroll). */
export function offsetRect(rect: Rect, offset: XY): Rect {
  return { x: rect.x + offset.x, y: rect.y + offset.y, w: rect.w, h: rect.h };
}

/** The rectangle spanned by two drag corners, in any order. */
export function rectFromCorners(a: XY, b: XY): Rect {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y) };
}

/** Straight-line distance between two points. */
export function distance(a: XY, b: XY): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/** Height (replay px) of a text note's box. */
export const NOTE_HEIGHT_PX = 20;
/** Font size (replay px) of a note: the shopper's overlay uses 0.75 × the box height. */
export const NOTE_FONT_PX = 15;
/** Horizontal padding (replay px) on each side of a note's text, as on the shopper's overlay. */
export const NOTE_PADDING_PX = 8;
/** Extra width (replay px) so sub-pixel font differences never wrap a one-line note. */
const NOTE_SLACK_PX = 2;
/** CSS font used to measure notes (the overlay's font at NOTE_FONT_PX). */
export const NOTE_FONT = `${NOTE_FONT_PX}px system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", sans-serif`;

/** Box (replay px) of a note whose top-left corner is `at` and whose text measures `textWidth`. */
export function noteBox(at: XY, textWidth: number): Rect {
  return { x: at.x, y: at.y, w: Math.ceil(Math.max(0, textWidth)) + 2 * NOTE_PADDING_PX + NOTE_SLACK_PX, h: NOTE_HEIGHT_PX };
}

/** Rounds a mark's geometry for the wire and drops an anchor the protocol would refuse. */
export function tidyGeometry(anchor: AnnotationAnchor | null, box: Rect): { anchor: AnnotationAnchor | null; box: Rect } {
  const tidyBox = { x: roundTo(box.x, 2), y: roundTo(box.y, 2), w: roundTo(box.w, 2), h: roundTo(box.h, 2) };
  if (!anchor) return { anchor: null, box: tidyBox };
  const fractions = [anchor.x, anchor.y, anchor.w, anchor.h].map((v) => roundTo(v, 5));
  const [x = 0, y = 0, w = 0, h = 0] = fractions;
  const usable = fractions.every((v) => Number.isFinite(v) && Math.abs(v) <= MAX_ANCHOR_FRACTION) && w >= 0 && h >= 0;
  return { anchor: usable ? { node: anchor.node, x, y, w, h } : null, box: tidyBox };
}
