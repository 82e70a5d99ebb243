import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatSessionCode } from '../../protocol/sessionCodeFormat';
import { generateSessionCode } from '../../server/src/sessions/sessionCode';

// vi.mock is hoisted above the imports. randomInt is wrapped so single tests can force specific draws (e.g. a code with leading zeros);
// by default it delegates to the real implementation.
const crypto = vi.hoisted(() => ({ forced: [] as number[] }));
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return {
    ...actual,
    randomInt: (min: number, max: number): number => {
      const next = crypto.forced.shift();
      return next === undefined ? actual.randomInt(min, max) : next;
    },
  };
});

afterEach(() => {
  crypto.forced.length = 0;
});

describe('generateSessionCode', () => {
  it('returns six digits', () => {
    for (let i = 0; i < 200; i++) expect(generateSessionCode(() => false)).toMatch(/^\d{6}$/);
  });

  it('keeps leading zeros', () => {
    crypto.forced.push(42, 0, 7);
    expect(generateSessionCode(() => false)).toBe('000042');
    expect(generateSessionCode(() => false)).toBe('000000');
    expect(generateSessionCode(() => false)).toBe('000007');
  });

  it('formats the largest draw as 999999', () => {
    crypto.forced.push(999_999);
    expect(generateSessionCode(() => false)).toBe('999999');
  });

  it('retries while isTaken reports the code as used, and returns the first free one', () => {
    crypto.forced.push(1, 2, 3, 4);
    const asked: string[] = [];
    const code = generateSessionCode((c) => {
      asked.push(c);
      return asked.length < 4;
    });
    expect(code).toBe('000004');
    expect(asked).toEqual(['000001', '000002', '000003', '000004']);
  });

  it('never returns a code isTaken reports as used (real randomness)', () => {
    const taken = new Set<string>();
    const isTaken = vi.fn((c: string) => {
      // First three distinct draws are "taken".
      if (taken.size < 3 && !taken.has(c)) {
        taken.add(c);
        return true;
      }
      return taken.has(c);
    });
    const code = generateSessionCode(isTaken);
    expect(taken.has(code)).toBe(false);
    expect(isTaken.mock.calls.length).toBeGreaterThanOrEqual(4);
  });

  it('throws after 50 taken attempts', () => {
    const isTaken = vi.fn(() => true);
    expect(() => generateSessionCode(isTaken)).toThrow('no free session code: too many live sessions');
    expect(isTaken).toHaveBeenCalledTimes(50);
  });

  it('still succeeds on the 50th and last attempt', () => {
    let calls = 0;
    const code = generateSessionCode(() => ++calls < 50);
    expect(calls).toBe(50);
    expect(code).toMatch(/^\d{6}$/);
  });
});

describe('formatSessionCode', () => {
  it('splits a code into two groups of three', () => {
    expect(formatSessionCode('483920')).toBe('483 920');
  });

  it('keeps leading zeros', () => {
    expect(formatSessionCode('000042')).toBe('000 042');
  });
});
