import { describe, expect, it } from 'vitest';
import { readAnnotation } from '../../protocol/annotation';
import {
  boundsOf,
  fromFractions,
  noteBox,
  NOTE_HEIGHT_PX,
  NOTE_PADDING_PX,
  offsetRect,
  padBox,
  rectFromCorners,
  roundTo,
  scaleRect,
  strokeBox,
  tidyGeometry,
  toFractions,
} from '../../agent-viewer/src/tools/markGeometry';

describe('padBox', () => {
  it('grows a flat box around its centre to the minimum side', () => {
    expect(padBox({ x: 10, y: 50, w: 100, h: 0 })).toEqual({ x: 10, y: 49.5, w: 100, h: 1 });
    expect(padBox({ x: 10, y: 50, w: 0, h: 0 }, 4)).toEqual({ x: 8, y: 48, w: 4, h: 4 });
  });

  it('leaves a large enough box alone', () => {
    expect(padBox({ x: 1, y: 2, w: 3, h: 4 })).toEqual({ x: 1, y: 2, w: 3, h: 4 });
  });
});

describe('boundsOf', () => {
  it('spans all points', () => {
    expect(boundsOf([{ x: 5, y: 9 }, { x: -3, y: 4 }, { x: 2, y: 12 }])).toEqual({ x: -3, y: 4, w: 8, h: 8 });
  });

  it('pads a single point and a straight line', () => {
    expect(boundsOf([{ x: 5, y: 5 }])).toEqual({ x: 4.5, y: 4.5, w: 1, h: 1 });
    expect(boundsOf([{ x: 0, y: 7 }, { x: 30, y: 7 }])).toEqual({ x: 0, y: 6.5, w: 30, h: 1 });
  });

  it('can skip the padding', () => {
    expect(boundsOf([{ x: 0, y: 7 }, { x: 30, y: 7 }], 0)).toEqual({ x: 0, y: 7, w: 30, h: 0 });
  });

  it('refuses an empty list', () => {
    expect(() => boundsOf([])).toThrow(RangeError);
  });
});

describe('fractions', () => {
  it('rounds to 4 decimals and round-trips within rounding', () => {
    const box = { x: 100, y: 200, w: 300, h: 7 };
    const points = [{ x: 100, y: 200 }, { x: 200, y: 203 }, { x: 400, y: 207 }];
    const fractions = toFractions(points, box);
    expect(fractions).toEqual([{ x: 0, y: 0 }, { x: 0.3333, y: 0.4286 }, { x: 1, y: 1 }]);
    fromFractions(fractions, box).forEach((p, i) => {
      expect(p.x).toBeCloseTo(points[i]!.x, 1);
      expect(p.y).toBeCloseTo(points[i]!.y, 2);
    });
  });

  it('never divides by a zero side', () => {
    expect(toFractions([{ x: 3, y: 3 }], { x: 3, y: 3, w: 0, h: 0 })).toEqual([{ x: 0, y: 0 }]);
  });

  it('roundTo never yields -0', () => {
    expect(Object.is(roundTo(-0.00001, 4), 0)).toBe(true);
  });
});

describe('strokeBox', () => {
  it('gives a horizontal arrow a 1 px tall box with its points on the middle line', () => {
    const { box, points } = strokeBox([{ x: 10, y: 40 }, { x: 110, y: 40 }]);
    expect(box).toEqual({ x: 10, y: 39.5, w: 100, h: 1 });
    expect(points).toEqual([{ x: 0, y: 0.5 }, { x: 1, y: 0.5 }]);
  });

  it('produces points the protocol validator accepts', () => {
    const { box, points } = strokeBox([{ x: 0, y: 0 }, { x: 0, y: 250 }]);
    expect(() => readAnnotation({ id: 'a1', shape: 'arrow', color: '#112233', stream: 1, anchor: null, box, points })).not.toThrow();
  });
});

describe('rects', () => {
  it('builds a rect from corners in any order', () => {
    expect(rectFromCorners({ x: 50, y: 10 }, { x: 20, y: 40 })).toEqual({ x: 20, y: 10, w: 30, h: 30 });
  });

  it('scales and offsets', () => {
    expect(scaleRect({ x: 10, y: 20, w: 30, h: 40 }, 0.5)).toEqual({ x: 5, y: 10, w: 15, h: 20 });
    expect(offsetRect({ x: 10, y: 20, w: 30, h: 40 }, { x: 0, y: 500 })).toEqual({ x: 10, y: 520, w: 30, h: 40 });
  });
});

describe('noteBox', () => {
  it('starts at the click point, pads the measured text and has the note height', () => {
    expect(noteBox({ x: 12, y: 34 }, 80.2)).toEqual({ x: 12, y: 34, w: 81 + 2 * NOTE_PADDING_PX + 2, h: NOTE_HEIGHT_PX });
  });
});

describe('tidyGeometry', () => {
  it('rounds the box to 2 and the anchor to 5 decimals', () => {
    const tidy = tidyGeometry({ node: 4, x: 0.1234567, y: 0.5, w: 0.333333333, h: 1 }, { x: 1.23456, y: 2, w: 3.999, h: 4 });
    expect(tidy).toEqual({ anchor: { node: 4, x: 0.12346, y: 0.5, w: 0.33333, h: 1 }, box: { x: 1.23, y: 2, w: 4, h: 4 } });
  });

  it('drops an anchor the protocol would refuse (fractions beyond ±100)', () => {
    expect(tidyGeometry({ node: 4, x: 0, y: 0, w: 500, h: 1 }, { x: 0, y: 0, w: 500, h: 2 }).anchor).toBeNull();
    expect(tidyGeometry({ node: 4, x: Number.NaN, y: 0, w: 1, h: 1 }, { x: 0, y: 0, w: 5, h: 2 }).anchor).toBeNull();
  });

  it('keeps a null anchor null', () => {
    expect(tidyGeometry(null, { x: 0, y: 0, w: 5, h: 2 }).anchor).toBeNull();
  });
});
