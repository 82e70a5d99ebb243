/**
 * Builds the drawing of one validated mark for the overlay: rect (border and translucent
 * fill), element (padded outline of its node), text (a note, its text set via textContent),
 * arrow / pen / laser (SVG, see strokeShapes.ts), and the agent's name label. Only CSSOM and
 * DOM methods are used: no markup strings, no style attributes.
 */
import type { Annotation, Rect } from '../../protocol/annotation';
import { readableTextColor } from '../../protocol/markDrawing';
import { translucent } from './markColors';
import { drawStroke } from './strokeShapes';
import { el } from './uiHost';

/** Space between an element mark's outline and its node. */
const ELEMENT_PADDING_PX = 4;
/** A note's font size is this share of its box height, clamped to the bounds below. */
const NOTE_FONT_PER_BOX_HEIGHT = 0.75;
const NOTE_FONT_MIN_PX = 12;
const NOTE_FONT_MAX_PX = 32;
/** A note narrower than this wraps at this width instead of its box's. */
const NOTE_MIN_WRAP_PX = 240;

/** A mark's drawing: its root element and how to move it to a viewport box. */
export interface DrawnShape {
  element: HTMLElement;
  place(box: Rect): void;
}

/** Moves a fixed-position element to a viewport box. */
export function placeBox(element: HTMLElement, box: Rect): void {
  const style = element.style;
  style.left = `${box.x}px`;
  style.top = `${box.y}px`;
  style.width = `${box.w}px`;
  style.height = `${box.h}px`;
}

function padded(box: Rect, by: number): Rect {
  return { x: box.x - by, y: box.y - by, w: box.w + 2 * by, h: box.h + 2 * by };
}

function drawNote(element: HTMLElement, annotation: Annotation): (box: Rect) => void {
  element.style.background = annotation.color;
  element.style.color = readableTextColor(annotation.color);
  element.append(el('span', 'mark-note-text', annotation.text ?? ''));
  return (box) => {
    const style = element.style;
    style.left = `${box.x}px`;
    style.top = `${box.y}px`;
    style.minWidth = `${box.w}px`;
    style.maxWidth = `${Math.max(box.w, NOTE_MIN_WRAP_PX)}px`;
    style.minHeight = `${box.h}px`;
    style.fontSize = `${Math.round(Math.min(NOTE_FONT_MAX_PX, Math.max(NOTE_FONT_MIN_PX, box.h * NOTE_FONT_PER_BOX_HEIGHT)))}px`;
  };
}

/** Draws `annotation`; `label` (the agent's name) is shown on kept marks, null on a laser. */
export function drawShape(annotation: Annotation, label: string | null): DrawnShape {
  const { shape, color } = annotation;
  const element = el('div', `mark mark-${shape}`);
  element.setAttribute('data-mark', shape);
  let place: (box: Rect) => void;
  switch (shape) {
    case 'rect':
      element.style.borderColor = color;
      element.style.background = translucent(color);
      place = (box) => placeBox(element, box);
      break;
    case 'element':
      element.style.borderColor = color;
      place = (box) => placeBox(element, padded(box, ELEMENT_PADDING_PX));
      break;
    case 'text':
      place = drawNote(element, annotation);
      break;
    case 'arrow':
    case 'pen':
    case 'laser': {
      const redraw = drawStroke(element, annotation);
      place = (box) => {
        placeBox(element, box);
        redraw(box);
      };
      break;
    }
  }
  if (label !== null) {
    const tag = el('span', 'mark-label', label);
    tag.style.background = color;
    tag.style.color = readableTextColor(color);
    element.append(tag);
  }
  return { element, place };
}
