/** `npm run audit:verify -- FILE` as an operator runs it, on real files written by AuditLog. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, type AuditEntry } from '../../server/src/audit/auditLog';

const run = promisify(execFile);
const CLI = 'server/src/audit/verifyCli.ts';

async function verify(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', CLI, ...args], { timeout: 20_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let dir: string;
let intact: string;
let lines: string[];

/** Writes `content` lines to a new file in the temp dir and returns its path. */
function fileWith(name: string, content: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, content.map((line) => `${line}\n`).join(''));
  return path;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lookalong-audit-cli-'));
  intact = join(dir, 'intact.jsonl');
  const log = new AuditLog(intact);
  const session = '6f1c2b1e-8d0a-4c1e-9a57-0d3c1f7b2e11';
  log.record({ type: 'session.created', session, site: 'demo', actor: 'shopper' });
  log.record({ type: 'consent.requested', session, site: 'demo', actor: 'agent-alice', detail: { agentName: 'Alice' } });
  log.record({ type: 'consent.granted', session, site: 'demo', actor: 'shopper', detail: { agent: 'agent-alice', agentName: 'Alice' } });
  log.record({ type: 'annotation.sent', session, site: 'demo', actor: 'agent-alice', detail: { shape: 'rect', id: 'm1' } });
  log.record({ type: 'session.ended', session, site: 'demo', actor: 'shopper', detail: { reason: 'shopper-stopped' } });
  lines = readFileSync(intact, 'utf8').split('\n').filter(Boolean);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('audit:verify', () => {
  it('reports an intact chain with its entry count and exits 0', async () => {
    const result = await verify(intact);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.trim()).toBe('audit chain intact: 5 entries');
  });

  it('accepts an empty file as an intact chain of 0 entries', async () => {
    const result = await verify(fileWith('empty.jsonl', []));
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('audit chain intact: 0 entries');
  });

  it('names the line whose field was edited (content hash mismatch)', async () => {
    const edited = [...lines];
    const entry = JSON.parse(edited[2]!) as AuditEntry;
    entry.detail = { ...entry.detail, agent: 'agent-mallory' };
    edited[2] = JSON.stringify(entry);
    const result = await verify(fileWith('edited.jsonl', edited));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim()).toBe('audit chain broken at line 3: content hash mismatch');
  });

  it('names the line after a deleted middle line (prev hash mismatch)', async () => {
    const result = await verify(fileWith('deleted.jsonl', lines.filter((_, i) => i !== 2)));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('audit chain broken at line 3: prev hash mismatch');
  });

  it('names the first of two swapped lines', async () => {
    const swapped = [...lines];
    [swapped[1], swapped[2]] = [swapped[2]!, swapped[1]!];
    const result = await verify(fileWith('swapped.jsonl', swapped));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('audit chain broken at line 2: prev hash mismatch');
  });

  it('names a line that is not JSON', async () => {
    const garbled = [...lines];
    garbled[3] = '{"type":"annotation.sent","session":';
    const result = await verify(fileWith('garbled.jsonl', garbled));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('audit chain broken at line 4: unparsable JSON');
  });

  it('names a line that is JSON but not an entry object', async () => {
    const result = await verify(fileWith('null.jsonl', [lines[0]!, 'null', ...lines.slice(1)]));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('audit chain broken at line 2: unparsable JSON');
  });

  it('prints usage and exits 2 for a missing file', async () => {
    const result = await verify(join(dir, 'no-such-file.jsonl'));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('no-such-file.jsonl');
    expect(result.stderr).toContain('usage: npm run audit:verify -- FILE');
  });

  it('prints usage and exits 2 without an argument', async () => {
    const result = await verify();
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(/^usage: npm run audit:verify -- FILE/);
  });
});
