import { describe, expect, it } from 'vitest';
import { translucent } from '../../client-sdk/src/markColors';
import { arrowParts, readableTextColor } from '../../protocol/markDrawing';

describe('arrowParts', () => {
  it('ends the shaft at the base of a 14 px head whose tip is the head point', () => {
    const { shaft, head } = arrowParts({ x: 0, y: 0 }, { x: 100, y: 0 });
    expect(shaft).toEqual([{ x: 0, y: 0 }, { x: 86, y: 0 }]);
    expect(head[0]).toEqual({ x: 100, y: 0 });
    expect(head.slice(1).map((p) => [p.x, Math.abs(p.y)])).toEqual([[86, 7], [86, 7]]);
  });

  it('shrinks the head on an arrow shorter than the head and survives a zero-length arrow', () => {
    const { shaft, head } = arrowParts({ x: 10, y: 10 }, { x: 10, y: 17 });
    expect(shaft[1]).toEqual({ x: 10, y: 10 });
    expect(head.slice(1).map((p) => Math.abs(p.x - 10))).toEqual([3.5, 3.5]);
    const still = arrowParts({ x: 5, y: 5 }, { x: 5, y: 5 });
    expect([...still.shaft, ...still.head].every((p) => Number.isFinite(p.x) && Number.isFinite(p.y))).toBe(true);
  });
});

describe('mark colours', () => {
  it('writes on a mark colour in black or white, whichever reads better', () => {
    expect(readableTextColor('#1f5eff')).toBe('#ffffff');
    expect(readableTextColor('#d92d20')).toBe('#ffffff');
    expect(readableTextColor('#ffd400')).toBe('#000000');
    expect(readableTextColor('#FFFFFF')).toBe('#000000');
    expect(readableTextColor('#000000')).toBe('#ffffff');
  });

  it('makes a translucent fill from the colour', () => {
    expect(translucent('#ff5a1f')).toBe('#ff5a1f22');
  });
});
