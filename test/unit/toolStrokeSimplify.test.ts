import { describe, expect, it } from 'vitest';
import { MAX_POINTS } from '../../protocol/annotation';
import { decimate, distanceToSegment, dropRepeats, MAX_RDP_INPUT, rdp, rdpRanks, simplifyStroke } from '../../agent-viewer/src/tools/strokeSimplify';

const wave = (n: number) => Array.from({ length: n }, (_, i) => ({ x: i, y: Math.round(40 * Math.sin(i / 7)) }));

describe('distanceToSegment', () => {
  it('measures to the nearest point of the segment', () => {
    expect(distanceToSegment({ x: 5, y: 3 }, { x: 0, y: 0 }, { x: 10, y: 0 })).toBe(3);
    expect(distanceToSegment({ x: 13, y: 4 }, { x: 0, y: 0 }, { x: 10, y: 0 })).toBe(5);
    expect(distanceToSegment({ x: 3, y: 4 }, { x: 0, y: 0 }, { x: 0, y: 0 })).toBe(5);
  });
});

describe('rdp', () => {
  it('reduces a straight line to its ends', () => {
    const line = Array.from({ length: 50 }, (_, i) => ({ x: i, y: 2 * i }));
    expect(rdp(line, 0.5)).toEqual([{ x: 0, y: 0 }, { x: 49, y: 98 }]);
  });

  it('keeps a corner', () => {
    const corner = [{ x: 0, y: 0 }, { x: 5, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 5 }, { x: 10, y: 10 }];
    expect(rdp(corner, 0.5)).toEqual([{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 10 }]);
  });

  it('keeps the far point of a closed loop', () => {
    const loop = [{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 10 }, { x: 0, y: 0 }];
    expect(rdp(loop, 0.5)).toContainEqual({ x: 10, y: 10 });
  });

  it('handles long periodic strokes (its worst case) without recursion', () => {
    expect(rdp(wave(5000), 0.5).length).toBeGreaterThan(2);
  });
});

describe('rdpRanks', () => {
  it('ranks ends infinite and nests ranks under their parent split', () => {
    const pts = [{ x: 0, y: 0 }, { x: 5, y: 1 }, { x: 10, y: 8 }, { x: 20, y: 0 }];
    const ranks = rdpRanks(pts);
    expect(ranks[0]).toBe(Infinity);
    expect(ranks[3]).toBe(Infinity);
    expect(ranks[2]).toBe(8);
    expect(ranks[1]!).toBeLessThanOrEqual(ranks[2]!);
  });

  it('matches textbook recursive RDP at every tolerance', () => {
    type P = { x: number; y: number };
    const classic = (pts: P[], t: number): P[] => {
      let index = -1;
      let max = t;
      for (let i = 1; i < pts.length - 1; i++) {
        const d = distanceToSegment(pts[i]!, pts[0]!, pts[pts.length - 1]!);
        if (d > max) [index, max] = [i, d];
      }
      if (index < 0) return pts.length > 1 ? [pts[0]!, pts[pts.length - 1]!] : pts.slice();
      return [...classic(pts.slice(0, index + 1), t).slice(0, -1), ...classic(pts.slice(index), t)];
    };
    const scribble = Array.from({ length: 300 }, (_, i) => ({ x: i + 13 * Math.cos(i / 3), y: 40 * Math.sin(i / 7) + ((i * 7919) % 13) }));
    for (const pts of [wave(300), scribble]) for (const t of [0.5, 2, 10, 30]) expect(rdp(pts, t)).toEqual(classic(pts, t));
  });
});

describe('simplifyStroke', () => {
  it('fits any stroke into the protocol point budget, first and last kept', () => {
    const stroke = wave(5000);
    const out = simplifyStroke(stroke, MAX_POINTS);
    expect(out.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(out.length).toBeGreaterThanOrEqual(2);
    expect(out[0]).toEqual(stroke[0]);
    expect(out[out.length - 1]).toEqual(stroke[stroke.length - 1]);
  });

  it('fits a jagged stroke RDP cannot shrink enough, quickly', () => {
    const zigzag = Array.from({ length: 100_000 }, (_, i) => ({ x: i % 2 ? 1000 : 0, y: i * 10 }));
    const started = performance.now();
    const out = simplifyStroke(zigzag, 10);
    expect(out.length).toBe(10);
    expect(out[0]).toEqual(zigzag[0]);
    expect(out[9]).toEqual(zigzag[zigzag.length - 1]);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('keeps a stroke under the RDP input limit unthinned', () => {
    const corner = [{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 10 }];
    expect(simplifyStroke(corner, 400)).toEqual(corner);
    expect(MAX_RDP_INPUT).toBeGreaterThanOrEqual(400);
  });

  it('drops repeated points and leaves a short stroke alone', () => {
    expect(dropRepeats([{ x: 1, y: 1 }, { x: 1, y: 1 }, { x: 2, y: 1 }])).toEqual([{ x: 1, y: 1 }, { x: 2, y: 1 }]);
    expect(simplifyStroke([{ x: 1, y: 1 }, { x: 1, y: 1 }], MAX_POINTS)).toEqual([{ x: 1, y: 1 }]);
  });

  it('refuses a budget below two points', () => {
    expect(() => simplifyStroke(wave(10), 1)).toThrow(RangeError);
  });
});

describe('decimate', () => {
  it('keeps ends and spreads the rest evenly', () => {
    const pts = Array.from({ length: 11 }, (_, i) => ({ x: i, y: 0 }));
    expect(decimate(pts, 3).map((p) => p.x)).toEqual([0, 5, 10]);
    expect(decimate(pts, 20)).toHaveLength(11);
  });
});
