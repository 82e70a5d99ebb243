import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../protocol/fieldReaders';
import { readOmitted, readSessionQueue, type QueueEntry } from '../../protocol/sessionQueue';

const entry: QueueEntry = { code: '483920', site: 'demo', state: 'waiting', title: 'Checkout', lang: 'zh-CN', createdAt: 1_790_000_000_000, waitingMs: 4200, viewers: 0, away: false };

describe('readSessionQueue', () => {
  it('reads a valid answer, with or without a title', () => {
    expect(readSessionQueue({ sessions: [entry, { ...entry, code: '000001', title: null, state: 'live', viewers: 2 }] })).toEqual([
      entry,
      { ...entry, code: '000001', title: null, state: 'live', viewers: 2 },
    ]);
    expect(readSessionQueue({ sessions: [] })).toEqual([]);
  });

  it('reads the away flag, and takes an answer without it (an older server) as not away', () => {
    expect(readSessionQueue({ sessions: [{ ...entry, away: true }] })[0]!.away).toBe(true);
    const { away: _away, ...older } = entry;
    expect(readSessionQueue({ sessions: [older] })[0]!.away).toBe(false);
    expect(() => readSessionQueue({ sessions: [{ ...entry, away: 'yes' }] })).toThrow(ProtocolError);
  });

  it('reads how many entries the cap left out (0 when a server does not say), and refuses nonsense', () => {
    expect(readOmitted({ sessions: [], omitted: 101 })).toBe(101);
    expect(readOmitted({ sessions: [] })).toBe(0);
    for (const omitted of [-1, 1.5, '3', null]) expect(() => readOmitted({ sessions: [], omitted })).toThrow(ProtocolError);
  });

  it('drops unknown fields', () => {
    expect(readSessionQueue({ sessions: [{ ...entry, secret: 'x' }] })[0]).not.toHaveProperty('secret');
  });

  it('refuses malformed answers', () => {
    const bad: unknown[] = [
      null,
      [],
      { sessions: {} },
      { sessions: [{ ...entry, code: '12345' }] },
      { sessions: [{ ...entry, state: 'consent' }] },
      { sessions: [{ ...entry, title: 't'.repeat(121) }] },
      { sessions: [{ ...entry, title: undefined }] },
      { sessions: [{ ...entry, waitingMs: -1 }] },
      { sessions: [{ ...entry, viewers: 1.5 }] },
    ];
    for (const value of bad) expect(() => readSessionQueue(value)).toThrow(ProtocolError);
  });
});
