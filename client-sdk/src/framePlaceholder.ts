/**
 * Cross-origin frames (payment fields, chat widgets) cannot be recorded: the agent sees a
 * labelled placeholder of the frame's size instead of blank space. The serialised `<iframe>`
 * becomes an empty box marked `data-lookalong-masked="frame"`; the console writes the label.
 */

/** Marker value of a frame placeholder (on the masked-block attribute). */
export const FRAME_PLACEHOLDER = 'frame';

/** The part of an rrweb serialised element this module rewrites. */
export interface SerializedElement {
  tagName: string;
  attributes: Record<string, unknown>;
  childNodes?: unknown[];
}

/** True when the page cannot read this frame's document: another origin, or sandboxed away from ours. */
export function isCrossOriginFrame(frame: Element): boolean {
  if (frame.localName !== 'iframe') return false;
  const element = frame as HTMLIFrameElement;
  try {
    if (!element.contentDocument) return true;
  } catch {
    return true;
  }
  // Still loading: the initial about:blank is readable, the page it navigates to may not be.
  const src = element.getAttribute('src');
  if (!src) return false;
  try {
    const url = new URL(src, element.baseURI);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin !== element.ownerDocument.location.origin;
  } catch {
    return false;
  }
}

/** Rewrites a serialised cross-origin `<iframe>` into an empty placeholder box of its size on screen. */
export function toFramePlaceholder(node: SerializedElement, frame: Element, markerAttribute: string): void {
  const box = frame.getBoundingClientRect();
  const kept: Record<string, unknown> = {};
  for (const name of ['id', 'class', 'style']) if (typeof node.attributes[name] === 'string') kept[name] = node.attributes[name];
  node.tagName = 'div';
  node.attributes = { ...kept, rr_width: `${box.width}px`, rr_height: `${box.height}px`, [markerAttribute]: FRAME_PLACEHOLDER };
  node.childNodes = [];
}
