import { describe, expect, it } from 'vitest';
import {
  parseJsonObject,
  ProtocolError,
  readBoolean,
  readEnum,
  readInteger,
  readNumber,
  readRecord,
  readString,
} from '../../protocol/fieldReaders';

describe('ProtocolError', () => {
  it('is an Error named ProtocolError', () => {
    const err = new ProtocolError('bad');
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('ProtocolError');
    expect(err.message).toBe('bad');
  });
});

describe('readRecord', () => {
  it('returns a plain object unchanged', () => {
    const obj = { a: 1 };
    expect(readRecord(obj, 'thing')).toBe(obj);
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['an array', [1, 2]],
    ['a string', 'x'],
    ['a number', 3],
    ['a boolean', true],
  ])('rejects %s, naming the field', (_label, value) => {
    expect(() => readRecord(value, 'thing')).toThrow(new ProtocolError('thing must be an object'));
  });
});

describe('readString', () => {
  it('returns a string within bounds', () => {
    expect(readString({ s: 'abc' }, 's', 3)).toBe('abc');
  });

  it('rejects non-strings', () => {
    for (const s of [1, null, undefined, true, ['a'], { a: 'b' }]) {
      expect(() => readString({ s }, 's', 10)).toThrow('s must be a string');
    }
  });

  it('rejects the empty string and strings longer than max', () => {
    expect(() => readString({ s: '' }, 's', 3)).toThrow('s must be 1..3 characters');
    expect(() => readString({ s: 'abcd' }, 's', 3)).toThrow('s must be 1..3 characters');
  });

  it('applies the optional pattern', () => {
    expect(readString({ s: 'ab' }, 's', 3, /^[a-z]+$/)).toBe('ab');
    expect(() => readString({ s: 'a1' }, 's', 3, /^[a-z]+$/)).toThrow('s has an invalid format');
  });

  it('does not read inherited properties as a missing field (e.g. toString)', () => {
    // obj['toString'] is a function from Object.prototype, not a string: must be refused.
    expect(() => readString({}, 'toString', 100)).toThrow(ProtocolError);
  });
});

describe('readNumber', () => {
  it('returns finite numbers within range, inclusive', () => {
    expect(readNumber({ n: -1 }, 'n', -1, 1)).toBe(-1);
    expect(readNumber({ n: 1 }, 'n', -1, 1)).toBe(1);
    expect(readNumber({ n: 0.5 }, 'n', -1, 1)).toBe(0.5);
  });

  it('rejects NaN, Infinity and non-numbers', () => {
    for (const n of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '1', null, undefined]) {
      expect(() => readNumber({ n }, 'n', -1e9, 1e9)).toThrow('n must be a finite number');
    }
  });

  it('rejects out-of-range numbers', () => {
    expect(() => readNumber({ n: 2 }, 'n', -1, 1)).toThrow('n must be within -1..1');
    expect(() => readNumber({ n: -2 }, 'n', -1, 1)).toThrow('n must be within -1..1');
  });
});

describe('readInteger', () => {
  it('accepts integers and rejects fractions', () => {
    expect(readInteger({ n: 5 }, 'n', 0, 10)).toBe(5);
    expect(() => readInteger({ n: 5.5 }, 'n', 0, 10)).toThrow('n must be an integer');
  });

  it('checks the range before integrality', () => {
    expect(() => readInteger({ n: 11 }, 'n', 0, 10)).toThrow('n must be within 0..10');
  });
});

describe('readBoolean', () => {
  it('accepts true and false only', () => {
    expect(readBoolean({ b: true }, 'b')).toBe(true);
    expect(readBoolean({ b: false }, 'b')).toBe(false);
    for (const b of [0, 1, 'true', null, undefined]) {
      expect(() => readBoolean({ b }, 'b')).toThrow('b must be a boolean');
    }
  });
});

describe('readEnum', () => {
  const allowed = ['a', 'b'] as const;

  it('returns an allowed literal', () => {
    expect(readEnum({ e: 'b' }, 'e', allowed)).toBe('b');
  });

  it('rejects other strings and non-strings, listing the allowed values', () => {
    expect(() => readEnum({ e: 'c' }, 'e', allowed)).toThrow('e must be one of a, b');
    expect(() => readEnum({ e: 1 }, 'e', allowed)).toThrow('e must be one of a, b');
    expect(() => readEnum({}, 'e', allowed)).toThrow('e must be one of a, b');
  });
});

describe('parseJsonObject', () => {
  it('parses a JSON object', () => {
    expect(parseJsonObject('{"a":1}', 100)).toEqual({ a: 1 });
  });

  it('checks the size cap before parsing (even invalid JSON gets the size error)', () => {
    expect(() => parseJsonObject('x'.repeat(11), 10)).toThrow('message longer than 10 characters');
    expect(parseJsonObject(`{"a":"${'x'.repeat(2)}"}`, 10)).toEqual({ a: 'xx' });
  });

  it('rejects invalid JSON with a ProtocolError (not a SyntaxError)', () => {
    expect(() => parseJsonObject('{a:1}', 100)).toThrow(new ProtocolError('message is not valid JSON'));
    expect(() => parseJsonObject('', 100)).toThrow(ProtocolError);
  });

  it('rejects JSON that is not an object', () => {
    for (const text of ['[]', '[{"t":"stop"}]', 'null', '"x"', '3', 'true']) {
      expect(() => parseJsonObject(text, 100)).toThrow('message must be an object');
    }
  });
});
