import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AUDIT_GENESIS,
  AuditLog,
  findBrokenAuditLine,
  hashAuditEntry,
  type AuditEntry,
  type AuditEvent,
} from '../../server/src/audit/auditLog';

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lookalong-audit-unit-'));
  file = join(dir, 'nested', 'audit.jsonl');
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const event = (n: number, extra: Partial<AuditEvent> = {}): AuditEvent => ({
  type: 'annotation.sent',
  session: `s${n}`,
  site: 'demo',
  actor: 'agent-alice',
  detail: { n, ok: true, note: `entry ${n}` },
  ...extra,
});

/** Writes `count` entries with a fresh AuditLog and returns the file's lines. */
function writeEntries(count: number): string[] {
  const log = new AuditLog(file);
  for (let i = 1; i <= count; i++) log.record(event(i));
  return readLines();
}

const readLines = (): string[] => readFileSync(file, 'utf8').split('\n').filter(Boolean);
const joinLines = (lines: string[]): string => lines.map((l) => `${l}\n`).join('');

describe('AuditLog.record', () => {
  it('creates missing parent directories and writes one JSON line per entry', () => {
    const lines = writeEntries(3);
    expect(lines).toHaveLength(3);
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
    const entries = lines.map((l) => JSON.parse(l) as AuditEntry);
    expect(entries.map((e) => e.session)).toEqual(['s1', 's2', 's3']);
  });

  it('returns the stored entry, with ts, prev and hash', () => {
    const log = new AuditLog(file);
    const entry = log.record(event(1));
    expect(entry).toMatchObject(event(1));
    expect(new Date(entry.ts).toISOString()).toBe(entry.ts);
    expect(entry.prev).toBe(AUDIT_GENESIS);
    expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(readLines()[0]!)).toEqual(entry);
  });

  it('chains entries: each prev is the previous hash, and each hash covers prev and content', () => {
    const log = new AuditLog(file);
    const a = log.record(event(1));
    const b = log.record(event(2));
    const c = log.record(event(3, { detail: undefined, type: 'session.ended' }));
    expect(a.prev).toBe(AUDIT_GENESIS);
    expect(b.prev).toBe(a.hash);
    expect(c.prev).toBe(b.hash);
    for (const e of [a, b, c]) {
      const { hash, ...unsigned } = e;
      expect(hashAuditEntry(unsigned)).toBe(hash);
    }
    expect(new Set([a.hash, b.hash, c.hash]).size).toBe(3);
  });

  it('a new AuditLog on an existing file continues the chain', () => {
    const first = new AuditLog(file);
    first.record(event(1));
    const last = first.record(event(2));
    const second = new AuditLog(file);
    const next = second.record(event(3));
    expect(next.prev).toBe(last.hash);
    expect(readLines()).toHaveLength(3);
    expect(findBrokenAuditLine(readFileSync(file, 'utf8'))).toBe(0);
  });

  it('repairs a missing final newline so the next entry stays on its own line and the chain holds', () => {
    writeEntries(2);
    writeFileSync(file, readFileSync(file, 'utf8').trimEnd()); // strip final newline (torn write)
    new AuditLog(file).record(event(3));
    const text = readFileSync(file, 'utf8');
    expect(text.trimEnd().split('\n')).toHaveLength(3);
    expect(findBrokenAuditLine(text)).toBe(0);
  });

  it('starts from genesis on an empty existing file', () => {
    const emptyFile = join(dir, 'empty.jsonl');
    writeFileSync(emptyFile, '');
    const log = new AuditLog(emptyFile);
    expect(log.record(event(1)).prev).toBe(AUDIT_GENESIS);
  });
});

describe('hashAuditEntry', () => {
  const base = { ts: '2024-01-01T00:00:00.000Z', prev: AUDIT_GENESIS, ...event(1) };

  it('is deterministic', () => {
    expect(hashAuditEntry(base)).toBe(hashAuditEntry({ ...base }));
  });

  it('changes when any covered field changes', () => {
    const h = hashAuditEntry(base);
    expect(hashAuditEntry({ ...base, ts: '2024-01-01T00:00:00.001Z' })).not.toBe(h);
    expect(hashAuditEntry({ ...base, prev: 'f'.repeat(64) })).not.toBe(h);
    expect(hashAuditEntry({ ...base, type: 'consent.granted' })).not.toBe(h);
    expect(hashAuditEntry({ ...base, session: 's2' })).not.toBe(h);
    expect(hashAuditEntry({ ...base, site: 'other' })).not.toBe(h);
    expect(hashAuditEntry({ ...base, actor: 'shopper' })).not.toBe(h);
    expect(hashAuditEntry({ ...base, detail: { n: 2, ok: true, note: 'entry 1' } })).not.toBe(h);
  });

  it('does not confuse field boundaries (session "ab"+site "c" vs "a"+"bc")', () => {
    expect(hashAuditEntry({ ...base, session: 'ab', site: 'c' })).not.toBe(hashAuditEntry({ ...base, session: 'a', site: 'bc' }));
  });
});

describe('findBrokenAuditLine', () => {
  it('returns 0 for an empty text', () => {
    expect(findBrokenAuditLine('')).toBe(0);
  });

  it('returns 0 for an intact file', () => {
    writeEntries(5);
    expect(findBrokenAuditLine(readFileSync(file, 'utf8'))).toBe(0);
  });

  it('tolerates blank lines', () => {
    const lines = writeEntries(3);
    expect(findBrokenAuditLine(`${lines[0]}\n\n${lines[1]}\n\n${lines[2]}\n`)).toBe(0);
  });

  it('finds an edited field on the edited line', () => {
    const lines = writeEntries(5);
    const edited = JSON.parse(lines[2]!) as AuditEntry;
    edited.actor = 'someone-else';
    lines[2] = JSON.stringify(edited);
    expect(findBrokenAuditLine(joinLines(lines))).toBe(3);
  });

  it('finds an edited detail value', () => {
    const lines = writeEntries(3);
    lines[0] = lines[0]!.replace('"ok":true', '"ok":false');
    expect(findBrokenAuditLine(joinLines(lines))).toBe(1);
  });

  it('finds an edit whose hash was recomputed: the next line no longer links to it', () => {
    const lines = writeEntries(4);
    const edited = JSON.parse(lines[1]!) as AuditEntry;
    edited.type = 'consent.granted';
    const { hash: _old, ...unsigned } = edited;
    edited.hash = hashAuditEntry(unsigned);
    lines[1] = JSON.stringify(edited);
    expect(findBrokenAuditLine(joinLines(lines))).toBe(3);
  });

  it('finds a deleted line at the line that followed it', () => {
    const lines = writeEntries(5);
    lines.splice(2, 1);
    expect(findBrokenAuditLine(joinLines(lines))).toBe(3);
  });

  it('finds a deleted first line', () => {
    const lines = writeEntries(3);
    expect(findBrokenAuditLine(joinLines(lines.slice(1)))).toBe(1);
  });

  it('finds reordered lines', () => {
    const lines = writeEntries(5);
    [lines[1], lines[3]] = [lines[3]!, lines[1]!];
    expect(findBrokenAuditLine(joinLines(lines))).toBe(2);
  });

  it('finds a line inserted from another chain', () => {
    const lines = writeEntries(3);
    const foreign = { ts: new Date().toISOString(), prev: AUDIT_GENESIS, ...event(9) };
    lines.splice(1, 0, JSON.stringify({ ...foreign, hash: hashAuditEntry(foreign) }));
    expect(findBrokenAuditLine(joinLines(lines))).toBe(2);
  });

  it('finds a line that is not JSON', () => {
    const lines = writeEntries(3);
    lines[1] = '{"truncated":';
    expect(findBrokenAuditLine(joinLines(lines))).toBe(2);
  });

  it('counts line numbers over non-empty lines only', () => {
    const lines = writeEntries(3);
    lines[2] = lines[2]!.replace('"site":"demo"', '"site":"evil"');
    expect(findBrokenAuditLine(`\n${lines[0]}\n\n${lines[1]}\n${lines[2]}\n`)).toBe(3);
  });

  it('a fresh AuditLog after tampering with the last line starts a new chain the checker flags', () => {
    writeEntries(2);
    appendFileSync(file, 'garbage\n');
    new AuditLog(file).record(event(3));
    expect(findBrokenAuditLine(readFileSync(file, 'utf8'))).toBe(3);
  });
});
