/**
 * Where a mark goes on this page: its anchor node's current box (rrweb mirror id → node), the
 * part of the viewport its node can be seen in (nested scroll containers clip it), and the
 * placed box in viewport coordinates.
 */
import type { Annotation, Rect } from '../../protocol/annotation';
import { placeAnnotation } from '../../protocol/annotationGeometry';

/** A mark's tie to the page, worked out once when it is shown. */
export interface MarkAnchor {
  /** The anchor element, or null for a free mark (or one whose node was not found: its box is used). */
  node: Element | null;
  /** Ancestors of `node` that can scroll it out of view (see canScrollOutOfView), innermost first. */
  clips: Element[];
}

/** Resolves a mark's anchor node; a node that is not a connected element leaves the mark free. */
export function resolveAnchor(annotation: Annotation, resolveNode: (id: number) => Node | null): MarkAnchor {
  const node = annotation.anchor ? resolveNode(annotation.anchor.node) : null;
  if (!(node instanceof Element) || !node.isConnected) return { node: null, clips: [] };
  const clips: Element[] = [];
  for (let parent = node.parentElement; parent && parent !== document.body && parent !== document.documentElement; parent = parent.parentElement) {
    if (canScrollOutOfView(parent)) clips.push(parent);
  }
  return { node, clips };
}

/**
 * True when `element` can scroll part of its content out of view: overflow `auto`/`scroll`, or
 * `hidden` with content larger than its box (a carousel). A box that merely rounds its corners
 * (`hidden` with content that fits, or `clip`) scrolls nothing: clipping to it would only cut
 * off a mark reaching past it, e.g. a note written across a product card's edge.
 */
function canScrollOutOfView(element: Element): boolean {
  const style = getComputedStyle(element);
  const scrolls = (overflow: string, content: number, box: number): boolean =>
    overflow === 'auto' || overflow === 'scroll' || (overflow === 'hidden' && content > box);
  return scrolls(style.overflowX, element.scrollWidth, element.clientWidth) || scrolls(style.overflowY, element.scrollHeight, element.clientHeight);
}

function boxOf(element: Element): Rect {
  const r = element.getBoundingClientRect();
  return { x: r.left, y: r.top, w: r.width, h: r.height };
}

function intersect(a: Rect, b: Rect): Rect {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  return { x, y, w: Math.max(0, Math.min(a.x + a.w, b.x + b.w) - x), h: Math.max(0, Math.min(a.y + a.h, b.y + b.h) - y) };
}

/** Where a mark is now: its viewport box and the visible area it is clipped to (null: unclipped). */
export interface MarkPlacement {
  box: Rect;
  visible: Rect | null;
}

/** Places a mark now; 'gone' when its anchor node has left the page. */
export function placeMark(annotation: Annotation, anchor: MarkAnchor): MarkPlacement | 'gone' {
  if (anchor.node && !anchor.node.isConnected) return 'gone';
  const nodeBox = anchor.node ? boxOf(anchor.node) : null;
  const box = placeAnnotation(annotation, nodeBox, { x: window.scrollX, y: window.scrollY });
  let visible: Rect | null = null;
  for (const clip of anchor.clips) visible = intersect(visible ?? boxOf(clip), boxOf(clip));
  return { box, visible };
}

/**
 * Clips a placed mark to the area its node can be seen in: hidden when it lies wholly outside
 * (its node scrolled out of a nested container), clipped when partly, untouched when inside.
 */
export function clipToVisible(element: HTMLElement, visible: Rect | null): void {
  const style = element.style;
  style.visibility = '';
  style.clipPath = '';
  if (!visible) return;
  const r = element.getBoundingClientRect();
  const top = visible.y - r.top;
  const left = visible.x - r.left;
  const bottom = r.bottom - (visible.y + visible.h);
  const right = r.right - (visible.x + visible.w);
  const outside = visible.w === 0 || visible.h === 0 || visible.y > r.bottom || visible.y + visible.h < r.top || visible.x > r.right || visible.x + visible.w < r.left;
  if (outside) {
    style.visibility = 'hidden';
  } else if (top > 0 || left > 0 || bottom > 0 || right > 0) {
    style.clipPath = `inset(${Math.max(0, top)}px ${Math.max(0, right)}px ${Math.max(0, bottom)}px ${Math.max(0, left)}px)`;
  }
}
