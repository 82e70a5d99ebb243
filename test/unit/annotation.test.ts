import { describe, expect, it } from 'vitest';
import { ANNOTATION_SHAPES, MAX_POINTS, MAX_TEXT_CHARS, readAnnotation, readAnnotationId } from '../../protocol/annotation';
import { ProtocolError } from '../../protocol/fieldReaders';

const freeMark = {
  id: 'm1',
  shape: 'rect',
  color: '#1f5eff',
  stream: 1,
  anchor: null,
  box: { x: 100, y: 200, w: 50, h: 20 },
};
const anchoredMark = {
  ...freeMark,
  id: 'm2',
  anchor: { node: 42, x: -0.1, y: 0, w: 1.2, h: 1 },
};

/** Shallow-overrides one field of the free mark. */
const freeWith = (patch: Record<string, unknown>): Record<string, unknown> => ({ ...freeMark, ...patch });
const boxWith = (patch: Record<string, unknown>): Record<string, unknown> => freeWith({ box: { ...freeMark.box, ...patch } });
const anchorWith = (patch: Record<string, unknown>): Record<string, unknown> => ({
  ...anchoredMark,
  anchor: { ...anchoredMark.anchor, ...patch },
});

describe('readAnnotation: valid input', () => {
  it('knows the six drawable shapes', () => {
    expect(ANNOTATION_SHAPES).toEqual(['rect', 'arrow', 'pen', 'text', 'element', 'laser']);
  });

  it('accepts a free mark (anchor null)', () => {
    expect(readAnnotation(freeMark)).toStrictEqual(freeMark);
  });

  it('treats a missing anchor as a free mark with anchor null', () => {
    const { anchor: _omit, ...noAnchor } = freeMark;
    expect(readAnnotation(noAnchor)).toStrictEqual(freeMark);
  });

  it('accepts an anchored mark', () => {
    expect(readAnnotation(anchoredMark)).toStrictEqual(anchoredMark);
  });

  it('accepts an anchored mark whose fallback box has zero size', () => {
    const mark = { ...anchoredMark, box: { x: 0, y: 0, w: 0, h: 0 } };
    expect(readAnnotation(mark)).toStrictEqual(mark);
  });

  it('accepts a free mark with one zero dimension (a line)', () => {
    expect(readAnnotation(boxWith({ h: 0 }))).toMatchObject({ box: { w: 50, h: 0 } });
  });

  it('accepts uppercase hex colours', () => {
    expect(readAnnotation(freeWith({ color: '#ABCDEF' })).color).toBe('#ABCDEF');
  });

  it('accepts the numeric bounds', () => {
    expect(() => readAnnotation(boxWith({ x: -1_000_000, y: 1_000_000, w: 1_000_000 }))).not.toThrow();
    expect(() => readAnnotation(anchorWith({ x: -100, y: 100, w: 100, h: 0, node: 2 ** 31 - 1 }))).not.toThrow();
    expect(() => readAnnotation(freeWith({ stream: 0xffffffff }))).not.toThrow();
  });
});

describe('readAnnotation: rejected input', () => {
  it('rejects non-objects', () => {
    for (const value of [null, undefined, 'x', 1, [freeMark]]) {
      expect(() => readAnnotation(value)).toThrow('annotation must be an object');
    }
  });

  it.each([
    ['a colour name', 'red'],
    ['a 3-digit hex colour', '#fff'],
    ['an 8-digit hex colour', '#ff8800aa'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a CSS expression', 'expression(alert(1))'],
    ['hex without #', 'ff8800'],
    ['non-hex digits', '#gggggg'],
    ['an empty string', ''],
    ['a number', 0xff8800],
  ])('rejects %s as colour', (_label, color) => {
    expect(() => readAnnotation(freeWith({ color }))).toThrow(ProtocolError);
  });

  it.each([
    ['with a space', 'a b'],
    ['with markup', '<b>'],
    ['with a dot', 'a.b'],
    ['empty', ''],
    ['longer than 32', 'a'.repeat(33)],
    ['a number', 5],
  ])('rejects an id %s', (_label, id) => {
    expect(() => readAnnotation(freeWith({ id }))).toThrow(/^id /);
  });

  it('accepts an id of exactly 32 url-safe characters', () => {
    expect(readAnnotation(freeWith({ id: 'A-_9'.repeat(8) })).id).toBe('A-_9'.repeat(8));
  });

  it.each(['circle', 'script', 'Rect', 'LASER', 'image', '', null, 1])('rejects shape %s', (shape) => {
    expect(() => readAnnotation(freeWith({ shape }))).toThrow('shape must be one of rect, arrow, pen, text, element, laser');
  });

  it('rejects a missing shape', () => {
    const { shape: _omit, ...noShape } = freeMark;
    expect(() => readAnnotation(noShape)).toThrow('shape must be one of rect, arrow, pen, text, element, laser');
  });

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
  ])('rejects %s in any box coordinate (objects passed directly, as JSON cannot carry them)', (_label, bad) => {
    for (const key of ['x', 'y', 'w', 'h']) {
      expect(() => readAnnotation(boxWith({ [key]: bad }))).toThrow(`${key} must be a finite number`);
    }
  });

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('rejects %s in any anchor coordinate and in the anchor node', (_label, bad) => {
    for (const key of ['node', 'x', 'y', 'w', 'h']) {
      expect(() => readAnnotation(anchorWith({ [key]: bad }))).toThrow(`${key} must be a finite number`);
    }
  });

  it('rejects huge document coordinates and sizes', () => {
    expect(() => readAnnotation(boxWith({ x: 1e6 + 1 }))).toThrow('x must be within');
    expect(() => readAnnotation(boxWith({ y: -1e6 - 1 }))).toThrow('y must be within');
    expect(() => readAnnotation(boxWith({ w: 1e300 }))).toThrow('w must be within');
    expect(() => readAnnotation(boxWith({ h: Number.MAX_VALUE }))).toThrow('h must be within');
  });

  it('rejects negative sizes', () => {
    expect(() => readAnnotation(boxWith({ w: -1 }))).toThrow('w must be within 0..1000000');
    expect(() => readAnnotation(anchorWith({ h: -0.5 }))).toThrow('h must be within 0..100');
  });

  it('rejects anchor fractions beyond ±100', () => {
    expect(() => readAnnotation(anchorWith({ x: 100.5 }))).toThrow('x must be within -100..100');
    expect(() => readAnnotation(anchorWith({ w: 101 }))).toThrow('w must be within 0..100');
  });

  it('rejects a bad anchor node id', () => {
    expect(() => readAnnotation(anchorWith({ node: 0 }))).toThrow('node must be within');
    expect(() => readAnnotation(anchorWith({ node: 2 ** 31 }))).toThrow('node must be within');
    expect(() => readAnnotation(anchorWith({ node: 1.5 }))).toThrow('node must be an integer');
    expect(() => readAnnotation(anchorWith({ node: '42' }))).toThrow('node must be a finite number');
  });

  it('rejects a non-object anchor (other than null/undefined)', () => {
    for (const anchor of [0, false, '', 'node', [1, 2, 3, 4]]) {
      expect(() => readAnnotation(freeWith({ anchor }))).toThrow('anchor must be an object');
    }
  });

  it('rejects a missing or non-object box, even for anchored marks', () => {
    expect(() => readAnnotation({ ...anchoredMark, box: undefined })).toThrow('box must be an object');
    expect(() => readAnnotation(freeWith({ box: [0, 0, 10, 10] }))).toThrow('box must be an object');
  });

  it('rejects a zero-size free mark', () => {
    expect(() => readAnnotation(boxWith({ w: 0, h: 0 }))).toThrow(new ProtocolError('annotation has no size'));
  });

  it('rejects a bad stream', () => {
    expect(() => readAnnotation(freeWith({ stream: 0 }))).toThrow('stream must be within');
    expect(() => readAnnotation(freeWith({ stream: 2 ** 32 }))).toThrow('stream must be within');
    expect(() => readAnnotation(freeWith({ stream: 1.5 }))).toThrow('stream must be an integer');
  });
});

describe('readAnnotation: output is rebuilt field by field', () => {
  it('drops unknown top-level, anchor and box keys', () => {
    const result = readAnnotation({
      ...anchoredMark,
      label: '<img src=x onerror=alert(1)>',
      style: 'background:url(javascript:x)',
      anchor: { ...anchoredMark.anchor, selector: 'body' },
      box: { ...anchoredMark.box, z: 9 },
    });
    expect(result).toStrictEqual(anchoredMark);
    expect(Object.keys(result).sort()).toEqual(['anchor', 'box', 'color', 'id', 'shape', 'stream']);
    expect(Object.keys(result.anchor!).sort()).toEqual(['h', 'node', 'w', 'x', 'y']);
    expect(Object.keys(result.box).sort()).toEqual(['h', 'w', 'x', 'y']);
  });

  it('returns new objects rather than the caller\'s', () => {
    const input = structuredClone(anchoredMark);
    const result = readAnnotation(input);
    expect(result).not.toBe(input);
    expect(result.anchor).not.toBe(input.anchor);
    expect(result.box).not.toBe(input.box);
  });

  it('ignores inherited properties of the input object', () => {
    const polluted = Object.assign(Object.create({ extra: 'inherited' }) as Record<string, unknown>, freeMark);
    expect(readAnnotation(polluted)).toStrictEqual(freeMark);
  });
});

/** A free mark of `shape` with `extra` fields (points, text). */
const shaped = (shape: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ ...freeMark, shape, ...extra });
const line = [{ x: 0, y: 0 }, { x: 1, y: 1 }];
const pointsOf = (n: number): Array<{ x: number; y: number }> => Array.from({ length: n }, (_, i) => ({ x: i / Math.max(1, n - 1), y: 0.5 }));

describe('readAnnotation: every shape', () => {
  it.each([
    ['rect', {}],
    ['element', {}],
    ['text', { text: 'Click here to pay' }],
    ['arrow', { points: line }],
    ['pen', { points: pointsOf(5) }],
    ['laser', { points: pointsOf(1) }],
  ])('accepts a valid %s mark exactly as sent', (shape, extra) => {
    const mark = shaped(shape, extra);
    expect(readAnnotation(mark)).toStrictEqual(mark);
  });

  it('accepts an element mark anchored to its whole node', () => {
    const mark = { ...anchoredMark, shape: 'element', anchor: { node: 7, x: 0, y: 0, w: 1, h: 1 } };
    expect(readAnnotation(mark)).toStrictEqual(mark);
  });

  it('accepts an anchored arrow whose fallback box is zero-size', () => {
    const mark = { ...anchoredMark, shape: 'arrow', points: line, box: { x: 0, y: 0, w: 0, h: 0 } };
    expect(readAnnotation(mark)).toStrictEqual(mark);
  });

  it('accepts a free stroke on a zero-size box (its points give it a size)', () => {
    expect(() => readAnnotation(shaped('laser', { points: [{ x: 0, y: 0 }], box: { x: 5, y: 5, w: 0, h: 0 } }))).not.toThrow();
  });
});

describe('readAnnotation: points', () => {
  it.each([
    ['rect', 'a rect mark has no points'],
    ['element', 'a element mark has no points'],
    ['text', 'a text mark has no points'],
  ])('rejects points on a %s mark', (shape, message) => {
    expect(() => readAnnotation(shaped(shape, { points: line, text: 'x' }))).toThrow(message);
  });

  it.each([
    ['arrow', 1],
    ['arrow', 3],
    ['pen', 1],
    ['pen', MAX_POINTS + 1],
    ['laser', 0],
    ['laser', MAX_POINTS + 1],
  ])('rejects a %s with %i points', (shape, n) => {
    expect(() => readAnnotation(shaped(shape, { points: pointsOf(n) }))).toThrow(/^points must be an array of \d+\.\.\d+$/);
  });

  it.each([
    ['arrow', 2],
    ['pen', 2],
    ['pen', MAX_POINTS],
    ['laser', 1],
    ['laser', MAX_POINTS],
  ])('accepts a %s with %i points', (shape, n) => {
    expect(readAnnotation(shaped(shape, { points: pointsOf(n) })).points).toHaveLength(n);
  });

  it.each(['arrow', 'pen', 'laser'])('requires points on a %s mark', (shape) => {
    expect(() => readAnnotation(shaped(shape))).toThrow('points must be an array');
    expect(() => readAnnotation(shaped(shape, { points: { 0: { x: 0, y: 0 }, length: 2 } }))).toThrow('points must be an array');
  });

  it('accepts points up to half a box outside their box and rejects beyond', () => {
    expect(() => readAnnotation(shaped('arrow', { points: [{ x: -0.5, y: 1.5 }, { x: 1.5, y: -0.5 }] }))).not.toThrow();
    expect(() => readAnnotation(shaped('arrow', { points: [{ x: -0.51, y: 0 }, line[1]] }))).toThrow('x must be within -0.5..1.5');
    expect(() => readAnnotation(shaped('arrow', { points: [line[0], { x: 0, y: 1.51 }] }))).toThrow('y must be within -0.5..1.5');
    expect(() => readAnnotation(shaped('pen', { points: [line[0], { x: Number.NaN, y: 0 }] }))).toThrow('x must be a finite number');
  });

  it('rejects points that are not objects and drops unknown point keys', () => {
    expect(() => readAnnotation(shaped('arrow', { points: [[0, 0], [1, 1]] }))).toThrow('point must be an object');
    expect(() => readAnnotation(shaped('pen', { points: [null, line[1]] }))).toThrow('point must be an object');
    const result = readAnnotation(shaped('arrow', { points: [{ x: 0, y: 0, onclick: 'x' }, { x: 1, y: 1, z: 2 }] }));
    expect(result.points).toStrictEqual(line);
  });
});

describe('readAnnotation: text', () => {
  it('requires 1..MAX_TEXT_CHARS characters of text on a text mark', () => {
    expect(() => readAnnotation(shaped('text'))).toThrow('text must be a string');
    expect(() => readAnnotation(shaped('text', { text: '' }))).toThrow(`text must be 1..${MAX_TEXT_CHARS} characters`);
    expect(() => readAnnotation(shaped('text', { text: 'x'.repeat(MAX_TEXT_CHARS + 1) }))).toThrow(`text must be 1..${MAX_TEXT_CHARS} characters`);
    expect(() => readAnnotation(shaped('text', { text: 42 }))).toThrow('text must be a string');
    expect(readAnnotation(shaped('text', { text: 'x'.repeat(MAX_TEXT_CHARS) })).text).toHaveLength(MAX_TEXT_CHARS);
  });

  it('keeps markup in a note as plain characters (the overlay sets it as text)', () => {
    expect(readAnnotation(shaped('text', { text: '<img src=x onerror=alert(1)>' })).text).toBe('<img src=x onerror=alert(1)>');
  });

  it.each([
    ['rect', {}],
    ['element', {}],
    ['arrow', { points: line }],
    ['pen', { points: line }],
    ['laser', { points: line }],
  ])('rejects text on a %s mark', (shape, extra) => {
    expect(() => readAnnotation(shaped(shape, { ...extra, text: 'hi' }))).toThrow(`a ${shape} mark has no text`);
  });
});

describe('readAnnotationId', () => {
  it('reads a url-safe id of 1..32 characters and rejects anything else', () => {
    expect(readAnnotationId({ id: 'mark-1_A' })).toBe('mark-1_A');
    expect(() => readAnnotationId({})).toThrow('id must be a string');
    expect(() => readAnnotationId({ id: 'a b' })).toThrow('id has an invalid format');
    expect(() => readAnnotationId({ id: 'a'.repeat(33) })).toThrow('id must be 1..32 characters');
  });
});
