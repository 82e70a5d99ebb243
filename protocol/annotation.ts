/**
 * Annotations: the only data an agent can send towards a shopper's page (invariant 3a).
 * A validated annotation is rebuilt field by field, so unknown keys never travel on.
 */
import { ProtocolError, readEnum, readInteger, readNumber, readRecord, readString, type UnknownRecord } from './fieldReaders';

/** Shapes the shopper's overlay knows how to draw. */
export const ANNOTATION_SHAPES = ['rect'] as const;

/** One drawable shape kind. */
export type AnnotationShape = (typeof ANNOTATION_SHAPES)[number];

/** A rectangle; in `box` document pixels, in `anchor` fractions of the anchor node's box. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
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
  /** Node-relative position, or null for a free mark. */
  anchor: AnnotationAnchor | null;
  /** Document-coordinate fallback used when the anchor node cannot be found. */
  box: Rect;
}

const ID_PATTERN = /^[A-Za-z0-9_-]+$/;
const COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;
const MAX_DOC_PX = 1_000_000;
const MAX_FRACTION = 100;

function readRect(obj: UnknownRecord, min: number, max: number, maxSize: number): Rect {
  return {
    x: readNumber(obj, 'x', min, max),
    y: readNumber(obj, 'y', min, max),
    w: readNumber(obj, 'w', 0, maxSize),
    h: readNumber(obj, 'h', 0, maxSize),
  };
}

/** Validates untrusted data into an Annotation, or throws a ProtocolError. */
export function readAnnotation(value: unknown): Annotation {
  const obj = readRecord(value, 'annotation');
  const anchorValue = obj['anchor'];
  let anchor: AnnotationAnchor | null = null;
  if (anchorValue !== null && anchorValue !== undefined) {
    const a = readRecord(anchorValue, 'anchor');
    anchor = { node: readInteger(a, 'node', 1, 2 ** 31 - 1), ...readRect(a, -MAX_FRACTION, MAX_FRACTION, MAX_FRACTION) };
  }
  const box = readRect(readRecord(obj['box'], 'box'), -MAX_DOC_PX, MAX_DOC_PX, MAX_DOC_PX);
  if (!anchor && box.w === 0 && box.h === 0) throw new ProtocolError('annotation has no size');
  return {
    id: readString(obj, 'id', 32, ID_PATTERN),
    shape: readEnum(obj, 'shape', ANNOTATION_SHAPES),
    color: readString(obj, 'color', 7, COLOR_PATTERN),
    stream: readInteger(obj, 'stream', 1, 0xffffffff),
    anchor,
    box,
  };
}
