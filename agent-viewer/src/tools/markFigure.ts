/**
 * Draws a mark on the agent's Fabric canvas from plain geometry in canvas pixels, looking like
 * the shopper's overlay draws it (client-sdk overlayShapes.ts). Used for drafts while dragging,
 * the Element hover preview, and kept marks (redrawn from their wire data). Every object sets
 * its origin explicitly: Fabric 7 defaults to center.
 */
import { Circle, FabricText, Polygon, Polyline, Rect as FabricRect, type FabricObject } from 'fabric';
import type { AnnotationShape, Rect } from '../../../protocol/annotation';
import { arrowParts, readableTextColor } from '../../../protocol/markDrawing';
import { NOTE_FONT_PX, NOTE_HEIGHT_PX, NOTE_PADDING_PX, type XY } from './markGeometry';

/** A mark's look in canvas pixels: `points` are absolute (not fractions). */
export interface Figure {
  shape: AnnotationShape;
  color: string;
  box: Rect;
  points?: readonly XY[];
  text?: string;
  /** A hover preview (Element tool): dashed, not yet a mark. */
  preview?: boolean;
}

/** Stroke width (canvas px) of lines and outlines. */
export const STROKE_PX = 3;
/** Space (canvas px) between an element mark's outline and its node, as on the overlay. */
const ELEMENT_PADDING_PX = 4;

const INERT = { selectable: false, evented: false, excludeFromExport: true, objectCaching: false } as const;
const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", sans-serif';

function line(points: readonly XY[], color: string, width = STROKE_PX): FabricObject {
  return new Polyline(points.map((p) => ({ x: p.x, y: p.y })), {
    ...INERT,
    fill: '',
    stroke: color,
    strokeWidth: width,
    strokeLineCap: 'round',
    strokeLineJoin: 'round',
  });
}

function outline(rect: Rect, color: string, fill: string, dashed = false): FabricObject {
  return new FabricRect({
    ...INERT,
    left: rect.x,
    top: rect.y,
    width: rect.w,
    height: rect.h,
    originX: 'left',
    originY: 'top',
    rx: 6,
    ry: 6,
    fill,
    stroke: color,
    strokeWidth: STROKE_PX,
    strokeUniform: true,
    strokeDashArray: dashed ? [6, 4] : null,
  });
}

function arrow(tail: XY, tip: XY, color: string): FabricObject[] {
  const { shaft, head } = arrowParts(tail, tip);
  return [line(shaft, color), new Polygon(head.map((p) => ({ x: p.x, y: p.y })), { ...INERT, fill: color, stroke: color, strokeWidth: 1, strokeLineJoin: 'round' })];
}

function note(rect: Rect, color: string, text: string): FabricObject[] {
  const unit = rect.h / NOTE_HEIGHT_PX;
  const label = new FabricText(text, {
    ...INERT,
    left: rect.x + NOTE_PADDING_PX * unit,
    top: rect.y + rect.h / 2,
    originX: 'left',
    originY: 'center',
    fontSize: NOTE_FONT_PX * unit,
    fontFamily: FONT_FAMILY,
    fill: readableTextColor(color),
  });
  const background = new FabricRect({
    ...INERT,
    left: rect.x,
    top: rect.y,
    width: Math.max(rect.w, label.width + 2 * NOTE_PADDING_PX * unit),
    height: rect.h,
    originX: 'left',
    originY: 'top',
    rx: 6 * unit,
    ry: 6 * unit,
    fill: color,
  });
  return [background, label];
}

/** The Fabric objects that draw `figure` (not yet added to a canvas). */
export function figureObjects(figure: Figure): FabricObject[] {
  const { color, points = [] } = figure;
  switch (figure.shape) {
    case 'rect':
      return [outline(figure.box, color, `${color}22`)];
    case 'element':
      return [outline(grow(figure.box, ELEMENT_PADDING_PX), color, '', figure.preview)];
    case 'arrow':
      return points.length === 2 ? arrow(points[0]!, points[1]!, color) : [];
    case 'pen':
      return points.length >= 2 ? [line(points, color)] : [];
    case 'laser': {
      const tip = points[points.length - 1];
      if (!tip) return [];
      const dot = new Circle({ ...INERT, left: tip.x, top: tip.y, radius: 5, originX: 'center', originY: 'center', fill: color });
      return points.length >= 2 ? [line(points, `${color}99`, 4), dot] : [dot];
    }
    case 'text':
      return figure.text ? note(figure.box, color, figure.text) : [];
  }
}

function grow(rect: Rect, by: number): Rect {
  return { x: rect.x - by, y: rect.y - by, w: rect.w + 2 * by, h: rect.h + 2 * by };
}
