/**
 * Annotations: the only data an agent can send towards a shopper's page (invariant 3a).
 * A validated annotation is rebuilt field by field, so unknown keys never travel on.
 */
import { ProtocolError, readEnum, readInteger, readNumber, readRecord, readString, type UnknownRecord } from './fieldReaders';

/**
 * Shapes the shopper's overlay knows how to draw: `rect` (highlight), `arrow` (points: tail,
 * head), `pen` (freehand polyline), `text` (a note), `element` (outline of one node), `laser`
 * (a fading trail, never kept).
 */
export const ANNOTATION_SHAPES = ['rect', 'arrow', 'pen', 'text', 'element', 'laser'] as const;

/** One drawable shape kind. */
export type AnnotationShape = (typeof ANNOTATION_SHAPES)[number];

/** A rectangle; in `box` document pixels, in `anchor` fractions of the anchor node's box. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A point in fractions of the annotation's box (0,0 top-left; 1,1 bottom-right). */
export interface BoxPoint {
  x: number;
  y: number;
}

/** Ties a mark to a recorded DOM node (rrweb mirror id) so it follows that element. */
export interface AnnotationAnchor extends Rect {
  node: number;
}

/** A mark drawn by an agent, as it travels on the wire. */
export interface Annotation {
  id: string;
  shape: AnnotationShape;
  /** CSS colour, `#rrggbb`. */
  color: string;
  /** The recording stream (page load) the mark was drawn on; other pages ignore it. */
  stream: number;
  /** Node-relative position of the box, or null for a free mark. */
  anchor: AnnotationAnchor | null;
  /** Document-coordinate fallback used when the anchor node cannot be found. */
  box: Rect;
  /** arrow: exactly 2 (tail, head); pen: 2..MAX_POINTS; laser: 1..MAX_POINTS; others: none. */
  points?: BoxPoint[];
  /** text only: the note, 1..MAX_TEXT_CHARS characters (drawn as text, never as markup). */
  text?: string;
}

/** Most points a pen stroke or laser trail may carry. */
export const MAX_POINTS = 400;
/** Longest note a text mark may carry. */
export const MAX_TEXT_CHARS = 280;

const ID_PATTERN = /^[A-Za-z0-9_-]+$/;
const COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;
const MAX_DOC_PX = 1_000_000;
const MAX_FRACTION = 100;
/** Points may stray a little outside their box (stroke width, rounding). */
const POINT_SLACK = 0.5;
const POINT_COUNTS: Record<AnnotationShape, [min: number, max: number]> = {
  rect: [0, 0],
  element: [0, 0],
  text: [0, 0],
  arrow: [2, 2],
  pen: [2, MAX_POINTS],
  laser: [1, MAX_POINTS],
};

function readRect(obj: UnknownRecord, min: number, max: number, maxSize: number): Rect {
  return {
    x: readNumber(obj, 'x', min, max),
    y: readNumber(obj, 'y', min, max),
    w: readNumber(obj, 'w', 0, maxSize),
    h: readNumber(obj, 'h', 0, maxSize),
  };
}

function readPoints(obj: UnknownRecord, shape: AnnotationShape): BoxPoint[] | undefined {
  const [min, max] = POINT_COUNTS[shape];
  const list = obj['points'];
  if (max === 0) {
    if (list !== undefined) throw new ProtocolError(`a ${shape} mark has no points`);
    return undefined;
  }
  if (!Array.isArray(list) || list.length < min || list.length > max) throw new ProtocolError(`points must be an array of ${min}..${max}`);
  return list.map((value) => {
    const p = readRecord(value, 'point');
    return { x: readNumber(p, 'x', -POINT_SLACK, 1 + POINT_SLACK), y: readNumber(p, 'y', -POINT_SLACK, 1 + POINT_SLACK) };
  });
}

/** Validates untrusted data into an Annotation, or throws a ProtocolError. */
export function readAnnotation(value: unknown): Annotation {
  const obj = readRecord(value, 'annotation');
  const shape = readEnum(obj, 'shape', ANNOTATION_SHAPES);
  const anchorValue = obj['anchor'];
  let anchor: AnnotationAnchor | null = null;
  if (anchorValue !== null && anchorValue !== undefined) {
    const a = readRecord(anchorValue, 'anchor');
    anchor = { node: readInteger(a, 'node', 1, 2 ** 31 - 1), ...readRect(a, -MAX_FRACTION, MAX_FRACTION, MAX_FRACTION) };
  }
  const box = readRect(readRecord(obj['box'], 'box'), -MAX_DOC_PX, MAX_DOC_PX, MAX_DOC_PX);
  const points = readPoints(obj, shape);
  if (!anchor && !points && box.w === 0 && box.h === 0) throw new ProtocolError('annotation has no size');
  const annotation: Annotation = {
    id: readString(obj, 'id', 32, ID_PATTERN),
    shape,
    color: readString(obj, 'color', 7, COLOR_PATTERN),
    stream: readInteger(obj, 'stream', 1, 0xffffffff),
    anchor,
    box,
  };
  if (points) annotation.points = points;
  if (shape === 'text') annotation.text = readString(obj, 'text', MAX_TEXT_CHARS);
  else if (obj['text'] !== undefined) throw new ProtocolError(`a ${shape} mark has no text`);
  return annotation;
}

/** Validates an annotation id (for removal messages), or throws a ProtocolError. */
export function readAnnotationId(obj: UnknownRecord): string {
  return readString(obj, 'id', 32, ID_PATTERN);
}
