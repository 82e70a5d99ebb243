/**
 * Recordings stay whole or say they are not: `npm run audit:verify` (the real CLI) and the review
 * API detect an edited, dropped or reordered chunk in the file store and in PostgreSQL; a
 * recording goes on in the same place after a relay restart.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecordingBody } from '../../protocol/recording';
import { useTestDatabase } from '../helpers/postgresDatabase';
import { auditEntries, consentedSession, recordingStored } from '../helpers/recordedSession';
import { connectClient, until } from '../helpers/relayClient';
import { startTestServer, type TestServer } from '../helpers/testServer';

const run = promisify(execFile);
const KEY = 'b2'.repeat(32);
const SITES = JSON.stringify({ demo: ['http://127.0.0.1:*'] });

/** `npm run audit:verify -- FILE` with `env`; exit code and output. */
async function verify(file: string, env: Record<string, string>): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'server/src/audit/verifyCli.ts', file], { timeout: 30_000, env: { ...process.env, ...env } });
    return { code: 0, out: stdout };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

/** Records a session of three large frames (one chunk each) and the closing events; returns its id once stored. */
async function recordChunky(server: TestServer): Promise<string> {
  const { shopper, agent, stream, recording } = await consentedSession(server, true);
  shopper.sendEvent(stream, 0, { type: 4, data: { href: 'https://shop.example/' }, timestamp: 1 }, 2);
  for (let seq = 1; seq <= 3; seq++) shopper.sendEvent(stream, seq, { type: 3, data: { blob: randomBytes(450_000).toString('base64') }, timestamp: seq + 1 });
  await until(() => agent.frames().length === 4, 10_000);
  shopper.sendJson({ t: 'stop' });
  await agent.nextJson('ended');
  shopper.close();
  agent.close();
  const id = recording!['id'] as string;
  await recordingStored(server.auditFile, id);
  return id;
}

const supervisorGet = async (server: TestServer, id: string): Promise<number> =>
  (await fetch(`${server.url}/api/recordings/${id}`, { headers: { Authorization: `Bearer ${server.token({ role: 'supervisor' })}` } })).status;

describe('recording integrity, file store', () => {
  let server: TestServer;
  let dir: string;
  let id: string;
  const env = (): Record<string, string> => ({ LOOKALONG_RECORDINGS_DIR: dir });
  const chunk = (index: number): string => join(dir, id, `${String(index).padStart(6, '0')}.chunk`);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lookalong-integrity-'));
    server = await startTestServer({ LOOKALONG_SITES: SITES, LOOKALONG_RECORDINGS: 'demo=7', LOOKALONG_RECORDING_KEY: KEY, LOOKALONG_RECORDINGS_DIR: dir });
    id = await recordChunky(server);
  });
  afterAll(() => server.close());

  it('verifies intact: every stored chunk matches its audited hash', async () => {
    const chunks = readdirSync(join(dir, id)).filter((name) => name.endsWith('.chunk'));
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    const result = await verify(server.auditFile, env());
    expect(result.code).toBe(0);
    expect(result.out).toContain(`1 recordings, ${chunks.length} chunks match`);
    expect(await supervisorGet(server, id)).toBe(200);
  });

  it('detects an edited chunk (one byte), in the CLI and the API', async () => {
    copyFileSync(chunk(1), `${chunk(1)}.bak`);
    const bytes = readFileSync(chunk(1));
    bytes[bytes.length - 1]! ^= 0x01;
    writeFileSync(chunk(1), bytes);
    const result = await verify(server.auditFile, env());
    expect(result.code).toBe(1);
    expect(result.out).toContain(`recording ${id}: chunk 1 edited`);
    expect(await supervisorGet(server, id)).toBe(409);
    renameSync(`${chunk(1)}.bak`, chunk(1));
    expect((await verify(server.auditFile, env())).code).toBe(0);
  });

  it('detects reordered chunks', async () => {
    renameSync(chunk(0), `${chunk(0)}.tmp`);
    renameSync(chunk(1), chunk(0));
    renameSync(`${chunk(0)}.tmp`, chunk(1));
    const result = await verify(server.auditFile, env());
    expect(result.code).toBe(1);
    expect(result.out).toContain(`recording ${id}: chunk 0 reordered`);
    expect(result.out).toContain(`recording ${id}: chunk 1 reordered`);
    expect(await supervisorGet(server, id)).toBe(409);
    renameSync(chunk(1), `${chunk(1)}.tmp`);
    renameSync(chunk(0), chunk(1));
    renameSync(`${chunk(1)}.tmp`, chunk(0));
    expect((await verify(server.auditFile, env())).code).toBe(0);
  });

  it('detects a dropped chunk', async () => {
    rmSync(chunk(2));
    const result = await verify(server.auditFile, env());
    expect(result.code).toBe(1);
    expect(result.out).toContain(`recording ${id}: chunk 2 dropped`);
    expect(await supervisorGet(server, id)).toBe(409);
  });
});

describe('recording integrity, PostgreSQL', () => {
  const database = useTestDatabase();
  let server: TestServer;
  let id: string;

  beforeAll(async () => {
    server = await startTestServer({ LOOKALONG_SITES: SITES, LOOKALONG_RECORDINGS: 'demo=7', LOOKALONG_RECORDING_KEY: KEY, LOOKALONG_DATABASE_URL: database.url });
    id = await recordChunky(server);
  });
  afterAll(() => server.close());

  it('keeps the recording in the database, reads it back and verifies it; an edited row is detected', async () => {
    const response = await fetch(`${server.url}/api/recordings/${id}`, { headers: { Authorization: `Bearer ${server.token({ role: 'admin' })}` } });
    expect(response.status).toBe(200);
    expect(readRecordingBody(await response.json()).items.filter((item) => item.kind === 'frame')).toHaveLength(4);
    expect((await verify(server.auditFile, { LOOKALONG_DATABASE_URL: database.url })).code).toBe(0);
    const sql = new Client({ connectionString: database.url });
    await sql.connect();
    try {
      const { rows } = await sql.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'lookalong_%chunk%'");
      const table = rows[0]!.table_name;
      const updated = await sql.query(`UPDATE ${table} SET sealed = sealed || '\\x00'::bytea WHERE idx = 0`);
      expect(updated.rowCount).toBe(1);
    } finally {
      await sql.end();
    }
    const result = await verify(server.auditFile, { LOOKALONG_DATABASE_URL: database.url });
    expect(result.code).toBe(1);
    expect(result.out).toContain(`recording ${id}: chunk 0 edited`);
    expect(await supervisorGet(server, id)).toBe(409);
  });
});

describe('recording across a relay restart', () => {
  it('goes on in the same recording after the relay restarts and the page resumes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lookalong-restart-'));
    const env = {
      LOOKALONG_SITES: SITES,
      LOOKALONG_RECORDINGS: 'demo=7',
      LOOKALONG_RECORDING_KEY: KEY,
      LOOKALONG_RECORDINGS_DIR: join(dir, 'recordings'),
      LOOKALONG_AUDIT_FILE: join(dir, 'audit.jsonl'),
      LOOKALONG_SESSION_STORE_FILE: join(dir, 'sessions.json'),
    };
    const first = await startTestServer(env);
    const { shopper, agent, stream, resumeToken, recording } = await consentedSession(first, true);
    const id = recording!['id'] as string;
    shopper.sendEvent(stream, 0, { type: 4, data: { text: 'first-run' }, timestamp: 1 }, 2);
    await until(() => agent.frames().length === 1);
    await first.close();
    const second = await startTestServer(env);
    try {
      const page = await connectClient(second.wsUrl('/ws/shopper?site=demo'), second.url);
      page.sendJson({ t: 'resume', resumeToken });
      const resumed = await page.nextJson('session');
      // A new token for the new page: the old tab's one no longer works.
      expect(await page.nextJson('recording')).toMatchObject({ id });
      page.sendEvent(resumed['stream'] as number, 0, { type: 4, data: { text: 'second-run' }, timestamp: 2 }, 2);
      await new Promise((r) => setTimeout(r, 100));
      page.sendJson({ t: 'stop' });
      await recordingStored(second.auditFile, id);
      page.close();
      const response = await fetch(`${second.url}/api/recordings/${id}`, { headers: { Authorization: `Bearer ${second.token({ role: 'supervisor' })}` } });
      const text = Buffer.from(JSON.stringify(readRecordingBody(await response.json()).items.map((item) => (item.kind === 'frame' ? Buffer.from(item.data, 'base64').toString('latin1') : '')))).toString();
      expect(text).toContain('first-run');
      expect(text).toContain('second-run');
      expect(auditEntries(second.auditFile).filter((e) => e.type === 'recording.started')).toHaveLength(1);
      expect((await verify(second.auditFile, { LOOKALONG_RECORDINGS_DIR: env.LOOKALONG_RECORDINGS_DIR })).code).toBe(0);
    } finally {
      await second.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
