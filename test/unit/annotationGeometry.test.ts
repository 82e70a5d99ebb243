import { describe, expect, it } from 'vitest';
import type { Annotation, Rect } from '../../protocol/annotation';
import { placeAnnotation, relativeToNode } from '../../protocol/annotationGeometry';

function anchored(box: Rect, node: Rect, nodeId = 7): Annotation {
  return { id: 'a', shape: 'rect', color: '#000000', stream: 1, anchor: { node: nodeId, ...relativeToNode(box, node) }, box };
}

function expectRectClose(actual: Rect, expected: Rect): void {
  expect(actual.x).toBeCloseTo(expected.x, 9);
  expect(actual.y).toBeCloseTo(expected.y, 9);
  expect(actual.w).toBeCloseTo(expected.w, 9);
  expect(actual.h).toBeCloseTo(expected.h, 9);
}

describe('relativeToNode', () => {
  it('expresses a box in fractions of the node box', () => {
    expect(relativeToNode({ x: 150, y: 250, w: 50, h: 25 }, { x: 100, y: 200, w: 200, h: 100 })).toEqual({
      x: 0.25,
      y: 0.5,
      w: 0.25,
      h: 0.25,
    });
  });

  it('gives the unit rect for a box equal to the node', () => {
    const node = { x: 12, y: 34, w: 56, h: 78 };
    expect(relativeToNode(node, node)).toEqual({ x: 0, y: 0, w: 1, h: 1 });
  });

  it('handles boxes extending outside the node (negative and >1 fractions)', () => {
    expect(relativeToNode({ x: 90, y: 180, w: 400, h: 200 }, { x: 100, y: 200, w: 200, h: 100 })).toEqual({
      x: -0.05,
      y: -0.2,
      w: 2,
      h: 2,
    });
  });

  it('does not divide by zero for a zero-size node: falls back to a divisor of 1', () => {
    const rel = relativeToNode({ x: 15, y: 27, w: 4, h: 6 }, { x: 10, y: 20, w: 0, h: 0 });
    expect(rel).toEqual({ x: 5, y: 7, w: 4, h: 6 });
    for (const v of Object.values(rel)) expect(Number.isFinite(v)).toBe(true);
  });

  it('falls back independently per axis (zero width, non-zero height)', () => {
    expect(relativeToNode({ x: 13, y: 30, w: 2, h: 10 }, { x: 10, y: 20, w: 0, h: 20 })).toEqual({ x: 3, y: 0.5, w: 2, h: 0.5 });
  });
});

describe('placeAnnotation', () => {
  it('round-trips: an anchored box placed on the same unchanged node lands where it was drawn', () => {
    const node = { x: 100, y: 200, w: 300, h: 150 };
    const box = { x: 130, y: 215, w: 60, h: 45 };
    expectRectClose(placeAnnotation(anchored(box, node), node, { x: 0, y: 0 }), box);
  });

  it('follows the node when it moves (same offset from the node)', () => {
    const node = { x: 100, y: 200, w: 300, h: 150 };
    const box = { x: 130, y: 215, w: 60, h: 45 };
    const moved = { ...node, x: 20, y: 900 };
    expectRectClose(placeAnnotation(anchored(box, node), moved, { x: 0, y: 0 }), { x: 50, y: 915, w: 60, h: 45 });
  });

  it('scales with the node when it is resized', () => {
    const node = { x: 100, y: 200, w: 300, h: 150 };
    const box = { x: 130, y: 215, w: 60, h: 45 };
    const resized = { x: 0, y: 0, w: 600, h: 75 }; // twice as wide, half as tall
    expectRectClose(placeAnnotation(anchored(box, node), resized, { x: 0, y: 0 }), { x: 60, y: 7.5, w: 120, h: 22.5 });
  });

  it('ignores scroll for anchored marks (the node box is already in viewport coordinates)', () => {
    const node = { x: 10, y: 10, w: 100, h: 100 };
    const box = { x: 20, y: 30, w: 10, h: 10 };
    expectRectClose(placeAnnotation(anchored(box, node), node, { x: 500, y: 800 }), box);
  });

  it('places a free mark at document coordinates minus scroll', () => {
    const free: Annotation = { id: 'f', shape: 'rect', color: '#000000', stream: 1, anchor: null, box: { x: 400, y: 1200, w: 80, h: 30 } };
    expect(placeAnnotation(free, null, { x: 10, y: 1000 })).toEqual({ x: 390, y: 200, w: 80, h: 30 });
    // A node box is irrelevant for a free mark.
    expect(placeAnnotation(free, { x: 0, y: 0, w: 5, h: 5 }, { x: 0, y: 0 })).toEqual({ x: 400, y: 1200, w: 80, h: 30 });
  });

  it('falls back to the document box when the anchor node cannot be found', () => {
    const node = { x: 100, y: 200, w: 300, h: 150 };
    const box = { x: 130, y: 215, w: 60, h: 45 };
    expect(placeAnnotation(anchored(box, node), null, { x: 30, y: 15 })).toEqual({ x: 100, y: 200, w: 60, h: 45 });
  });

  it('round-trips on a zero-size node without producing NaN or Infinity', () => {
    const node = { x: 10, y: 20, w: 0, h: 0 };
    const box = { x: 15, y: 27, w: 4, h: 6 };
    const placed = placeAnnotation(anchored(box, node), node, { x: 0, y: 0 });
    for (const v of Object.values(placed)) expect(Number.isFinite(v)).toBe(true);
    // Starts at the node's corner. (Its size is not asserted: relativeToNode falls back to a
    // divisor of 1 but placeAnnotation multiplies by the real 0, so the mark collapses to 0x0 —
    // see the report; either behaviour is free of NaN, which is what this test guards.)
    expect(placed.x).toBe(10);
    expect(placed.y).toBe(20);
  });
});
