/**
 * Draws one agent's mark for the review overlay as the shopper's overlay draws it
 * (client-sdk/src/overlayShapes.ts, strokeShapes.ts): a highlight (border and translucent
 * fill), an element outline (padded), a note (its text via textContent), an arrow, pen stroke
 * or laser trail (SVG built with createElementNS), and the agent's name on kept marks. DOM and
 * CSSOM methods only: no markup strings.
 */
import type { Annotation, BoxPoint, Rect } from '../../../protocol/annotation';
import { arrowParts, readableTextColor, type PixelPoint } from '../../../protocol/markDrawing';

/** A drawn mark: its root element, how to move it to a box (replay viewport px) and to fade it. */
export interface DrawnMark {
  element: HTMLElement;
  place(box: Rect): void;
  setOpacity(opacity: number): void;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const STROKE_PX = 3;
const LASER_STROKE_PX = 4;
const LASER_DOT_RADIUS_PX = 5;
/** Space between an element mark's outline and its node. */
const ELEMENT_PADDING_PX = 4;
/** A note's font size is this share of its box height, clamped (as on the shopper's overlay). */
const NOTE_FONT_PER_BOX_HEIGHT = 0.75;
const NOTE_FONT_MIN_PX = 12;
const NOTE_FONT_MAX_PX = 32;
/** A note narrower than this wraps at this width instead of its box's. */
const NOTE_MIN_WRAP_PX = 240;

function placeBox(element: HTMLElement, box: Rect): void {
  const style = element.style;
  style.left = `${box.x}px`;
  style.top = `${box.y}px`;
  style.width = `${Math.max(0, box.w)}px`;
  style.height = `${Math.max(0, box.h)}px`;
}

function padded(box: Rect, by: number): Rect {
  return { x: box.x - by, y: box.y - by, w: box.w + 2 * by, h: box.h + 2 * by };
}

function pointList(points: readonly PixelPoint[]): string {
  return points.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
}

/** Draws an arrow, pen or laser mark into `container`; returns how to redraw it for a box. */
function drawStroke(container: HTMLElement, annotation: Annotation): (box: Rect) => void {
  const { shape, color } = annotation;
  const points: readonly BoxPoint[] = annotation.points ?? [];
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', 'review-mark-svg');
  const line = document.createElementNS(SVG_NS, 'polyline');
  line.setAttribute('fill', 'none');
  line.setAttribute('stroke-linecap', 'round');
  line.setAttribute('stroke-linejoin', 'round');
  line.setAttribute('stroke-width', String(shape === 'laser' ? LASER_STROKE_PX : STROKE_PX));
  line.style.stroke = color;
  svg.append(line);
  const tip = shape === 'pen' ? null : document.createElementNS(SVG_NS, shape === 'arrow' ? 'polygon' : 'circle');
  if (tip) {
    tip.style.fill = color;
    svg.append(tip);
  }
  container.append(svg);
  return (box) => {
    svg.setAttribute('width', String(Math.max(1, box.w)));
    svg.setAttribute('height', String(Math.max(1, box.h)));
    const px = points.map((p) => ({ x: p.x * box.w, y: p.y * box.h }));
    if (shape === 'arrow' && tip && px.length === 2) {
      const { shaft, head } = arrowParts(px[0]!, px[1]!);
      line.setAttribute('points', pointList(shaft));
      tip.setAttribute('points', pointList(head));
      return;
    }
    line.setAttribute('points', pointList(px));
    const last = px[px.length - 1];
    if (tip && last) {
      tip.setAttribute('cx', last.x.toFixed(1));
      tip.setAttribute('cy', last.y.toFixed(1));
      tip.setAttribute('r', String(LASER_DOT_RADIUS_PX));
    }
  };
}

/** Draws a note; returns how to place it. */
function drawNote(element: HTMLElement, annotation: Annotation): (box: Rect) => void {
  element.style.background = annotation.color;
  element.style.color = readableTextColor(annotation.color);
  const text = document.createElement('span');
  text.className = 'review-mark-note-text';
  text.textContent = annotation.text ?? '';
  element.append(text);
  return (box) => {
    const style = element.style;
    style.left = `${box.x}px`;
    style.top = `${box.y}px`;
    style.minWidth = `${Math.max(0, box.w)}px`;
    style.maxWidth = `${Math.max(box.w, NOTE_MIN_WRAP_PX)}px`;
    style.minHeight = `${Math.max(0, box.h)}px`;
    style.fontSize = `${Math.round(Math.min(NOTE_FONT_MAX_PX, Math.max(NOTE_FONT_MIN_PX, box.h * NOTE_FONT_PER_BOX_HEIGHT)))}px`;
  };
}

/** Draws `annotation`; `label` (the agent's name) is shown on kept marks, null on a laser. */
export function drawMark(annotation: Annotation, label: string | null): DrawnMark {
  const { shape, color } = annotation;
  const element = document.createElement('div');
  element.className = `review-mark review-mark-${shape}`;
  element.dataset['shape'] = shape;
  let place: (box: Rect) => void;
  switch (shape) {
    case 'rect':
      element.style.borderColor = color;
      element.style.background = `${color}22`;
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
    const tag = document.createElement('span');
    tag.className = 'review-mark-label';
    tag.textContent = label;
    tag.style.background = color;
    tag.style.color = readableTextColor(color);
    element.append(tag);
  }
  return { element, place, setOpacity: (opacity) => (element.style.opacity = String(opacity)) };
}
