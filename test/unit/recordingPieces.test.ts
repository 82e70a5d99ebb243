/** The recordings' pure pieces: the chunk seal, the audit comparison of stored chunks, the settings. */
import { describe, expect, it } from 'vitest';
import { chunkProblems, AuditedRecordings, describeChunkProblem } from '../../server/src/audit/recordedChunks';
import type { AuditEntry } from '../../server/src/audit/auditLog';
import { ChunkSealBroken, chunkDigest, openChunk, sealChunk } from '../../server/src/recordings/recordingCipher';
import { decodeRecordingKey, readRecordingSettings } from '../../server/src/recordings/recordingSettings';
import { decodeChunkItems, encodeChunkItems, keptAuditEvent, keptFrame, keptMark } from '../../server/src/recordings/chunkItems';
import { loadConfig, ConfigError } from '../../server/src/config';
import { withDevRecordingKey } from '../../server/src/auth/devSecret';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const KEY = Buffer.alloc(32, 7);
const ID = '6f1c2b1e-8d0a-4c1e-9a57-0d3c1f7b2e11';

describe('chunk seal (AES-256-GCM, id and index as additional data)', () => {
  it('opens what it sealed, with a fresh IV each time', () => {
    const plain = Buffer.from('page bytes');
    const a = sealChunk(KEY, ID, 3, plain);
    const b = sealChunk(KEY, ID, 3, plain);
    expect(a.equals(b)).toBe(false);
    expect(openChunk(KEY, ID, 3, a).toString()).toBe('page bytes');
    expect(a.includes(plain)).toBe(false);
  });

  it('refuses an edited byte, another index, another recording, another key, a truncated chunk', () => {
    const sealed = sealChunk(KEY, ID, 1, Buffer.from('x'.repeat(100)));
    const edited = Buffer.from(sealed);
    edited[40]! ^= 1;
    expect(() => openChunk(KEY, ID, 1, edited)).toThrow(ChunkSealBroken);
    expect(() => openChunk(KEY, ID, 2, sealed)).toThrow(/chunk 2 fails its integrity check/);
    expect(() => openChunk(KEY, ID.replace('6f', '7f'), 1, sealed)).toThrow(ChunkSealBroken);
    expect(() => openChunk(Buffer.alloc(32, 8), ID, 1, sealed)).toThrow(ChunkSealBroken);
    expect(() => openChunk(KEY, ID, 1, sealed.subarray(0, 20))).toThrow(ChunkSealBroken);
  });

  it('round-trips chunk items: frames as their own bytes, marks and audit events as JSON; refuses a torn chunk', () => {
    const frame = Buffer.from([1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0x1f, 0x8b, 0xff]);
    const mark = { t: 'annotation' as const, op: 'clear' as const, by: { id: 'a', name: 'A' } };
    const plain = encodeChunkItems([keptFrame(frame, 1.5e12), keptMark(mark, 1.5e12 + 1), keptAuditEvent({ type: 'consent.granted', actor: 'shopper', detail: { record: true } }, 1.5e12 + 2)]);
    // The frame travels untouched: its bytes are in the chunk as they are (no base64, no re-encoding).
    expect(plain.includes(frame)).toBe(true);
    expect(decodeChunkItems(plain)).toEqual([
      { at: 1.5e12, kind: 'frame', data: frame.toString('base64') },
      { at: 1.5e12 + 1, kind: 'mark', message: mark },
      { at: 1.5e12 + 2, kind: 'audit', type: 'consent.granted', actor: 'shopper', detail: { record: true } },
    ]);
    expect(() => decodeChunkItems(plain.subarray(0, plain.length - 1))).toThrow(/ends inside/);
  });
});

describe('stored chunks against the audit chain', () => {
  const entry = (type: AuditEntry['type'], detail: Record<string, string | number>): AuditEntry => ({ ts: '', prev: '', hash: '', session: 's', site: 'demo', actor: 'relay', type, detail });
  const sealed = [0, 1, 2].map((i) => Buffer.from(`chunk-${i}`));
  const audited = (): AuditedRecordings => {
    const recordings = new AuditedRecordings();
    sealed.forEach((chunk, index) => recordings.push(entry('recording.chunk', { recording: ID, index, sha256: chunkDigest(chunk) })));
    recordings.push(entry('recording.stopped', { recording: ID, chunks: 3 }));
    return recordings;
  };
  const check = (stored: Array<{ index: number; sealed: Buffer }>): string[] => chunkProblems(ID, audited().byId.get(ID)!, stored).map(describeChunkProblem);

  it('finds nothing wrong with the chunks as audited', () => {
    expect(check(sealed.map((chunk, index) => ({ index, sealed: chunk })))).toEqual([]);
  });

  it('names an edited, a dropped, reordered and an added chunk (past the closing count; below it, another node may have audited it)', () => {
    expect(check([{ index: 0, sealed: sealed[0]! }, { index: 1, sealed: Buffer.from('other') }, { index: 2, sealed: sealed[2]! }])).toEqual([`recording ${ID}: chunk 1 edited (its hash is not the audited one)`]);
    expect(check([{ index: 0, sealed: sealed[0]! }, { index: 2, sealed: sealed[2]! }])).toEqual([`recording ${ID}: chunk 1 dropped (audited, not in the store)`]);
    expect(check([{ index: 0, sealed: sealed[1]! }, { index: 1, sealed: sealed[0]! }, { index: 2, sealed: sealed[2]! }]).map((line) => line.split(' ').slice(2, 5).join(' '))).toEqual(['chunk 0 reordered', 'chunk 1 reordered']);
    expect(check([...sealed.map((chunk, index) => ({ index, sealed: chunk })), { index: 3, sealed: Buffer.from('extra') }])).toEqual([`recording ${ID}: chunk 3 added (in the store, never audited)`]);
    const partial = new AuditedRecordings();
    partial.push(entry('recording.chunk', { recording: ID, index: 1, sha256: chunkDigest(sealed[1]!) }));
    partial.push(entry('recording.stopped', { recording: ID, chunks: 2 }));
    expect(chunkProblems(ID, partial.byId.get(ID)!, [{ index: 0, sealed: sealed[0]! }, { index: 1, sealed: sealed[1]! }])).toEqual([]);
  });

  it('expects nothing of a deleted or expired recording', () => {
    const recordings = audited();
    recordings.push(entry('recording.expired', { recording: ID }));
    expect(recordings.byId.get(ID)!.gone).toBe(true);
  });
});

describe('recording settings', () => {
  const SECRET = 'test-secret-test-secret-test-secret-0123';
  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      loadConfig({ LOOKALONG_JWT_SECRET: SECRET, ...env });
      return [];
    } catch (err) {
      return (err as ConfigError).problems;
    }
  };

  it('reads site=days, the key as hex or base64, and the database URL', () => {
    const hex = 'ab'.repeat(32);
    const config = loadConfig({ LOOKALONG_JWT_SECRET: SECRET, LOOKALONG_RECORDINGS: 'demo=30', LOOKALONG_RECORDING_KEY: hex, LOOKALONG_DATABASE_URL: 'postgres://u@db:5432/x' });
    expect(config.recordings).toMatchObject({ daysBySite: { demo: 30 }, databaseUrl: 'postgres://u@db:5432/x' });
    expect(config.recordings.key!.toString('hex')).toBe(hex);
    expect(decodeRecordingKey(Buffer.alloc(32, 1).toString('base64'))!.equals(Buffer.alloc(32, 1))).toBe(true);
    expect(decodeRecordingKey('short')).toBeNull();
  });

  it('stops start-up with one line per mistake', () => {
    expect(problemsOf({ LOOKALONG_RECORDINGS: 'demo=0' })).toContain('LOOKALONG_RECORDINGS: site "demo" must keep recordings 1 to 3650 days, got "0"');
    expect(problemsOf({ LOOKALONG_RECORDINGS: 'nosuch=3', LOOKALONG_RECORDING_KEY: 'ab'.repeat(32) })).toContain('LOOKALONG_RECORDINGS: site "nosuch" is not in LOOKALONG_SITES');
    expect(problemsOf({ LOOKALONG_RECORDINGS: 'demo=3' })).toEqual([expect.stringMatching(/^LOOKALONG_RECORDING_KEY is required when LOOKALONG_RECORDINGS is set/)]);
    expect(problemsOf({ LOOKALONG_RECORDING_KEY: 'nope' })).toEqual(['LOOKALONG_RECORDING_KEY must be 32 bytes: 64 hex digits or 44 base64 characters']);
    expect(problemsOf({ LOOKALONG_DATABASE_URL: 'mysql://x' })).toEqual(['LOOKALONG_DATABASE_URL must look like postgres://user@host:5432/database']);
    expect(problemsOf({ LOOKALONG_RECORDINGS: 'demo=3', LOOKALONG_RECORDING_KEY: 'ab'.repeat(32), LOOKALONG_REDIS_URL: 'redis://127.0.0.1:6379' })).toEqual([expect.stringMatching(/needs LOOKALONG_DATABASE_URL/)]);
    expect(readRecordingSettings({}, () => 0, [], false, []).key).toBeNull();
  });

  it('generates and keeps a dev key outside production, never in production', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lookalong-devkey-')), 'dev-recording-key');
    const env = withDevRecordingKey({ LOOKALONG_RECORDINGS: 'demo=30' }, file);
    expect(env['LOOKALONG_RECORDING_KEY']).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(file, 'utf8').trim()).toBe(env['LOOKALONG_RECORDING_KEY']);
    expect(withDevRecordingKey({ LOOKALONG_RECORDINGS: 'demo=30' }, file)['LOOKALONG_RECORDING_KEY']).toBe(env['LOOKALONG_RECORDING_KEY']);
    expect(withDevRecordingKey({ LOOKALONG_RECORDINGS: 'demo=30', NODE_ENV: 'production' }, file)['LOOKALONG_RECORDING_KEY']).toBeUndefined();
    expect(withDevRecordingKey({}, file)['LOOKALONG_RECORDING_KEY']).toBeUndefined();
  });
});
