/** `GET /api/sessions/:id/audit` over a real server, on audit entries written by real sessions. */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrokenAuditLine, type AuditEntry } from '../../server/src/audit/auditLog';
import { signAgentToken } from '../../server/src/auth/agentToken';
import { connectClient } from '../helpers/relayClient';
import { startTestServer, type TestServer } from '../helpers/testServer';

const annotation = { id: 'mark1', shape: 'rect', color: '#ff5a1f', stream: 1, anchor: null, box: { x: 10, y: 20, w: 100, h: 40 } };
const FULL_TRAIL = ['session.created', 'consent.requested', 'consent.granted', 'viewer.joined', 'annotation.sent', 'consent.revoked', 'session.ended'];

const readEntries = (file: string): AuditEntry[] =>
  (existsSync(file) ? readFileSync(file, 'utf8') : '')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AuditEntry);

describe('GET /api/sessions/:id/audit', () => {
  let server: TestServer;
  /** Session ids in the order the sessions ran. */
  const sessions: string[] = [];

  /**
   * Drives one whole session with real sockets: hello → join → Allow → annotate → Stop.
   * The joining agent holds an admin token, to check the role never reaches the shopper.
   */
  async function runSession(): Promise<string> {
    const before = new Set(readEntries(server.auditFile).map((e) => e.session));
    const shopper = await connectClient(server.wsUrl('/ws/shopper?site=demo'), server.url);
    shopper.sendJson({ t: 'hello', lang: 'en' });
    const { code } = await shopper.nextJson('session');
    const agent = await connectClient(server.wsUrl('/ws/agent'), server.url);
    agent.sendJson(server.join(code as string, { role: 'admin' }));
    const request = await shopper.nextJson('join-request');
    expect(request['agent']).toStrictEqual({ id: 'agent-alice', name: 'Alice', org: 'Support' });
    shopper.sendJson({ t: 'consent', requestId: request['requestId'], allow: true, notice: 'consent-notice-2026-11' });
    expect(await agent.nextJson('consent')).toMatchObject({ allow: true });
    expect((await shopper.nextJson('viewers'))['viewers']).toStrictEqual([{ id: 'agent-alice', name: 'Alice', org: 'Support' }]);
    agent.sendJson({ t: 'annotate', annotation });
    expect((await shopper.nextJson('annotation'))['by']).toStrictEqual({ id: 'agent-alice', name: 'Alice', org: 'Support' });
    shopper.sendJson({ t: 'stop' });
    expect(await agent.nextJson('ended')).toEqual({ t: 'ended', reason: 'shopper-stopped' });
    await Promise.all([agent.closed, shopper.closed]);
    const created = readEntries(server.auditFile).filter((e) => e.type === 'session.created' && !before.has(e.session));
    expect(created).toHaveLength(1);
    return created[0]!.session;
  }

  const get = (session: string, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${server.url}/api/sessions/${session}/audit`, { headers });
  const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    server = await startTestServer();
    sessions.push(await runSession(), await runSession());
  });
  afterAll(() => server.close());

  it('the driven sessions wrote an intact chain', () => {
    expect(sessions[0]).not.toBe(sessions[1]);
    expect(findBrokenAuditLine(readFileSync(server.auditFile, 'utf8'))).toBe(0);
  });

  it('gives a supervisor and an admin exactly that session’s entries, in order, with the chain intact', async () => {
    const all = readEntries(server.auditFile);
    for (const role of ['supervisor', 'admin'] as const) {
      for (const session of sessions) {
        const res = await get(session, bearer(server.token({ sub: `boss-${role}`, name: 'Boss', role })));
        expect(res.status).toBe(200);
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        const body = (await res.json()) as { session: string; entries: AuditEntry[]; chainIntact: boolean };
        expect(Object.keys(body).sort()).toEqual(['chainIntact', 'entries', 'session']);
        expect(body.session).toBe(session);
        expect(body.chainIntact).toBe(true);
        expect(body.entries.map((e) => e.type)).toEqual(FULL_TRAIL);
        // The grant receipt: session, agent, scopes, notice version, language and time.
        const receipt = body.entries.find((e) => e.type === 'consent.granted')!;
        expect(receipt.session).toBe(body.session);
        expect(receipt.detail).toMatchObject({ agent: 'agent-alice', agentName: 'Alice', scopes: 'view-tab,annotate', notice: 'consent-notice-2026-11', lang: 'en' });
        expect(Date.parse(receipt.ts)).toBeGreaterThan(0);
        expect(body.entries.at(-1)!.detail).toMatchObject({ reason: 'shopper-stopped', annotations: 1 });
        expect(body.entries.every((e) => e.session === session)).toBe(true);
        expect(body.entries).toEqual(all.filter((e) => e.session === session));
        expect(body.entries[2]).toMatchObject({ actor: 'shopper', detail: { agent: 'agent-alice', agentName: 'Alice' } });
        expect(body.entries[6]).toMatchObject({ actor: 'shopper', detail: { reason: 'shopper-stopped' } });
      }
    }
  });

  it('accepts the session id in upper case', async () => {
    const res = await get(sessions[0]!.toUpperCase(), bearer(server.token({ role: 'admin' })));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { session: string }).session).toBe(sessions[0]);
  });

  it('refuses an agent-role token with 403, whether the role is explicit or absent', async () => {
    for (const token of [server.token({ role: 'agent' }), server.token()]) {
      const res = await get(sessions[0]!, bearer(token));
      expect(res.status).toBe(403);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = (await res.json()) as { error: string; entries?: unknown };
      expect(body.error).toEqual(expect.any(String));
      expect(body.entries).toBeUndefined();
    }
  });

  it('answers 401 with a JSON error for a missing, malformed, forged, foreign or expired token', async () => {
    const supervisor = server.token({ role: 'supervisor' });
    const refused: Array<Record<string, string>> = [
      {},
      { authorization: '' },
      { authorization: supervisor },
      { authorization: `Basic ${Buffer.from('alice:secret').toString('base64')}` },
      { authorization: 'Bearer' },
      bearer('not-a-jwt'),
      bearer(`${supervisor}x`),
      bearer(signAgentToken({ sub: 'x', name: 'X', role: 'admin' }, 'another-secret-another-secret-another-0123')),
      bearer(server.token({ role: 'supervisor' }, -60)),
    ];
    for (const headers of refused) {
      const res = await get(sessions[0]!, headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = (await res.json()) as { error: string; entries?: unknown };
      expect(body.error).toEqual(expect.any(String));
      expect(body.entries).toBeUndefined();
    }
    const expired = await get(sessions[0]!, bearer(server.token({ role: 'admin' }, -60)));
    expect(((await expired.json()) as { error: string }).error).toMatch(/expired/);
  });

  it('answers 404 for a well-formed id no entry has', async () => {
    const res = await get(randomUUID(), bearer(server.token({ role: 'supervisor' })));
    expect(res.status).toBe(404);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(((await res.json()) as { error: string }).error).toEqual(expect.any(String));
  });

  it('answers 400 for an id that is not a UUID', async () => {
    const token = server.token({ role: 'supervisor' });
    for (const id of ['123456', 'not-a-uuid', `${sessions[0]}x`, sessions[0]!.replaceAll('-', ''), 'x'.repeat(36), 'constructor']) {
      const res = await get(id, bearer(token));
      expect(res.status, id).toBe(400);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(((await res.json()) as { error: string }).error).toEqual(expect.any(String));
    }
  });

  it('reports chainIntact false, and skips the bad line, when the file was tampered with', async () => {
    const lines = readFileSync(server.auditFile, 'utf8').split('\n').filter(Boolean);
    const victim = lines.findIndex((line) => (JSON.parse(line) as AuditEntry).session === sessions[1]);
    const edited = JSON.parse(lines[victim]!) as AuditEntry;
    edited.actor = 'nobody';
    lines[victim] = JSON.stringify(edited);
    lines.splice(2, 0, `{"session":"${sessions[0]}","type":`);
    const tamperedFile = join(mkdtempSync(join(tmpdir(), 'lookalong-tampered-')), 'audit.jsonl');
    writeFileSync(tamperedFile, lines.map((line) => `${line}\n`).join(''));
    const tampered = await startTestServer({ LOOKALONG_AUDIT_FILE: tamperedFile });
    try {
      const token = tampered.token({ role: 'admin' });
      for (const session of sessions) {
        const res = await fetch(`${tampered.url}/api/sessions/${session}/audit`, { headers: bearer(token) });
        expect(res.status).toBe(200);
        const body = (await res.json()) as { entries: AuditEntry[]; chainIntact: boolean };
        expect(body.chainIntact).toBe(false);
        expect(body.entries.map((e) => e.type)).toEqual(FULL_TRAIL);
      }
    } finally {
      await tampered.close();
    }
  });

  it('answers 404 rather than failing when no audit file exists yet', async () => {
    const emptyDir = mkdtempSync(join(tmpdir(), 'lookalong-no-audit-'));
    const fresh = await startTestServer({ LOOKALONG_AUDIT_FILE: join(emptyDir, 'audit.jsonl') });
    try {
      const res = await fetch(`${fresh.url}/api/sessions/${sessions[0]}/audit`, { headers: bearer(fresh.token({ role: 'admin' })) });
      expect(res.status).toBe(404);
    } finally {
      await fresh.close();
    }
  });
});
