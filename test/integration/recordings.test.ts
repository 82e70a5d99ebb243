/**
 * Consented recordings over real sockets and real files: the separate switch, exactly what the
 * relay forwarded kept (nothing before consent, nothing after Stop), encrypted at rest, every
 * chunk in the audit chain, read back by the review API, deleted by the shopper's one-time
 * token, an admin, the site's backend or retention, and the API's refusals.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_NOTICE_VERSION } from '../../protocol/messages';
import { readRecordingBody, type RecordingBody } from '../../protocol/recording';
import { directoryBytes } from '../helpers/directoryBytes';
import { auditEntries, consentedSession, recordingStored } from '../helpers/recordedSession';
import { connectClient, until } from '../helpers/relayClient';
import { startTestServer, type TestServer } from '../helpers/testServer';

const KEY = 'a1'.repeat(32);
const SITE_SECRET = 'demo-site-secret-demo-site-secret-0123';
const OTHER_SECRET = 'other-site-secret-other-site-secret-01';
const rect = (id: string, stream: number): object => ({ id, shape: 'rect', color: '#ff5a1f', stream, anchor: null, box: { x: 10, y: 20, w: 100, h: 40 } });

describe('session recordings', () => {
  let server: TestServer;
  let dir: string;
  const audit = (): ReturnType<typeof auditEntries> => auditEntries(server.auditFile);
  const api = (path: string, bearer?: string, method = 'GET'): Promise<Response> =>
    fetch(`${server.url}${path}`, { method, headers: bearer ? { Authorization: `Bearer ${bearer}` } : {} });
  const supervisor = (): string => server.token({ role: 'supervisor', sub: 'sup-sam', name: 'Sam' });
  const storedBytes = (): number => directoryBytes(dir);

  /** Runs a recorded session to its end: two frames, a mark, Stop, a frame after Stop. */
  async function recordOne(): Promise<{ id: string; deleteToken: string; sent: Buffer[] }> {
    const { shopper, agent, stream, recording } = await consentedSession(server, true);
    const sent: Buffer[] = [];
    const send = (seq: number, event: object, kind: 1 | 2 = 1): void => {
      shopper.sendEvent(stream, seq, event, kind);
    };
    send(0, { type: 4, data: { href: 'https://shop.example/cart' }, timestamp: 1 }, 2);
    send(1, { type: 2, data: { text: 'Your basket: 2 items' }, timestamp: 2 });
    await until(() => agent.frames().length === 2);
    sent.push(...agent.received.flatMap((r) => (r.kind === 'frame' ? [r.raw] : [])));
    agent.sendJson({ t: 'annotate', annotation: rect('m1', stream) });
    await shopper.nextJson('annotation');
    shopper.sendJson({ t: 'stop' });
    await agent.nextJson('ended');
    send(2, { type: 3, data: { text: 'after-stop' }, timestamp: 3 });
    shopper.close();
    agent.close();
    return { id: recording!['id'] as string, deleteToken: recording!['deleteToken'] as string, sent };
  }

  const stored = (id: string): Promise<void> => recordingStored(server.auditFile, id);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lookalong-recordings-'));
    server = await startTestServer({
      LOOKALONG_SITES: JSON.stringify({ demo: ['http://127.0.0.1:*'], other: ['http://127.0.0.1:*'] }),
      LOOKALONG_RECORDINGS: 'demo=30',
      LOOKALONG_RECORDING_KEY: KEY,
      LOOKALONG_RECORDINGS_DIR: dir,
      LOOKALONG_SITE_SECRETS: `demo=${SITE_SECRET},other=${OTHER_SECRET}`,
      LOOKALONG_RECORDING_DELETE_WINDOW_MS: '60000',
    });
  });
  afterAll(() => server.close());

  it('keeps nothing when the shopper leaves the switch off (0 bytes stored), and offers it unticked', async () => {
    const { shopper, agent, stream, offer } = await consentedSession(server, false);
    expect(offer).toStrictEqual({ days: 30, on: false });
    shopper.sendEvent(stream, 0, { type: 4, data: {}, timestamp: 1 }, 2);
    await until(() => agent.frames().length === 1);
    shopper.sendJson({ t: 'stop' });
    await agent.nextJson('ended');
    shopper.close();
    agent.close();
    await new Promise((r) => setTimeout(r, 200));
    expect(storedBytes()).toBe(0);
    const grant = audit().filter((e) => e.type === 'consent.granted').at(-1)!;
    expect(grant.detail).toMatchObject({ record: false });
    expect(audit().some((e) => e.type === 'recording.started')).toBe(false);
  });

  it('keeps exactly the frames the relay forwarded, the mark and the audit events; encrypted at rest; chunks in the audit chain', async () => {
    const { id, sent } = await recordOne();
    await stored(id);
    const response = await api(`/api/recordings/${id}`, supervisor());
    expect(response.status).toBe(200);
    const body: RecordingBody = readRecordingBody(await response.json());
    const frames = body.items.flatMap((item) => (item.kind === 'frame' ? [Buffer.from(item.data, 'base64')] : []));
    expect(frames).toStrictEqual(sent);
    const text = JSON.stringify(body);
    expect(text).not.toContain('before-consent');
    expect(text).not.toContain('after-stop');
    expect(body.items.find((item) => item.kind === 'mark')).toMatchObject({ message: { op: 'add', annotation: { id: 'm1' }, by: { id: 'agent-alice' } } });
    const events = body.items.flatMap((item) => (item.kind === 'audit' ? [item.type] : []));
    expect(events).toEqual(['consent.granted', 'viewer.joined', 'annotation.sent', 'consent.revoked', 'session.ended']);
    expect(body).toMatchObject({ site: 'demo', agents: [{ id: 'agent-alice', name: 'Alice' }], endedAt: expect.any(String) });
    // At rest: no plaintext of the page, and every stored chunk's hash is an audit entry.
    const chunkFiles = readdirSync(join(dir, id)).filter((name) => name.endsWith('.chunk'));
    expect(chunkFiles.length).toBeGreaterThan(0);
    for (const name of chunkFiles) expect(readFileSync(join(dir, id, name)).includes(Buffer.from('basket'))).toBe(false);
    const chunkEntries = audit().filter((e) => e.type === 'recording.chunk' && e.detail?.['recording'] === id);
    expect(chunkEntries.map((e) => e.detail?.['index'])).toEqual(chunkFiles.map((_, i) => i));
    expect(audit().find((e) => e.type === 'consent.granted' && e.session === chunkEntries[0]!.session)?.detail).toMatchObject({ record: true });
    // Watching is audited.
    expect(audit().filter((e) => e.type === 'recording.viewed' && e.detail?.['recording'] === id)).toMatchObject([{ actor: 'sup-sam' }]);
  });

  it('shows a later agent the switch as the shopper left it; off pauses keeping, on again resumes from the current checkpoint', async () => {
    const { shopper, agent, stream, code, recording } = await consentedSession(server, true);
    const id = recording!['id'] as string;
    shopper.sendEvent(stream, 0, { type: 4, data: { text: 'checkpoint-start' }, timestamp: 1 }, 2);
    await until(() => agent.frames().length === 1);
    const askAgain = async (sub: string, record: boolean): Promise<unknown> => {
      const other = await connectClient(server.wsUrl('/ws/agent'), server.url);
      other.sendJson(server.join(code, { sub, name: sub }));
      const request = await shopper.nextJson('join-request');
      shopper.sendJson({ t: 'consent', requestId: request['requestId'], allow: true, notice: CONSENT_NOTICE_VERSION, record });
      await other.nextJson('consent');
      return request['record'];
    };
    expect(await askAgain('agent-bob', false)).toStrictEqual({ days: 30, on: true });
    shopper.sendEvent(stream, 1, { type: 3, data: { text: 'while-paused' }, timestamp: 2 });
    await until(() => agent.frames().length === 2);
    expect(await askAgain('agent-cat', true)).toStrictEqual({ days: 30, on: false });
    shopper.sendEvent(stream, 2, { type: 3, data: { text: 'after-resume' }, timestamp: 3 });
    await until(() => agent.frames().length === 3);
    shopper.sendJson({ t: 'stop' });
    await stored(id);
    const body = readRecordingBody(await (await api(`/api/recordings/${id}`, supervisor())).json());
    const texts = body.items.flatMap((item) => (item.kind === 'frame' ? [Buffer.from(item.data, 'base64').toString('utf8')] : []));
    expect(texts.filter((text) => text.includes('checkpoint-start'))).toHaveLength(2);
    expect(texts.some((text) => text.includes('after-resume'))).toBe(true);
    // While paused nothing is kept, except as part of the checkpoint replayed when keeping resumes.
    expect(texts.findIndex((text) => text.includes('while-paused'))).toBeGreaterThan(texts.findIndex((text, i) => i > 0 && text.includes('checkpoint-start')));
    expect(audit().filter((e) => e.detail?.['recording'] === id).map((e) => e.type)).toEqual(expect.arrayContaining(['recording.paused', 'recording.resumed']));
    expect(body.agents.map((a) => a.id)).toEqual(['agent-alice', 'agent-bob', 'agent-cat']);
    const kept = body.items.flatMap((item) => (item.kind === 'audit' ? [item.type] : []));
    expect(kept.filter((type) => type.startsWith('recording.'))).toEqual(['recording.paused', 'recording.resumed']);
  });

  it('lists the token\'s sites\' recordings for supervisors and admins', async () => {
    const response = await api('/api/recordings', supervisor());
    expect(response.status).toBe(200);
    const { recordings } = (await response.json()) as { recordings: Array<Record<string, unknown>> };
    expect(recordings.length).toBeGreaterThan(0);
    expect(recordings[0]).toMatchObject({ site: 'demo', agents: expect.arrayContaining([{ id: 'agent-alice', name: 'Alice', org: 'Support' }]), durationMs: expect.any(Number), startedAt: expect.any(String) });
    const starts = recordings.map((r) => r['startedAt'] as string);
    expect(starts).toEqual([...starts].sort().reverse());
    const otherSite = await api('/api/recordings', server.token({ role: 'admin', sites: ['other'] }));
    expect(await otherSite.json()).toEqual({ recordings: [], next: null });
    // Page by page with `next`: every recording once, in the same order; then `next` is null.
    const paged: string[] = [];
    let next: string | null = null;
    do {
      const page = (await (await api(`/api/recordings?limit=1${next ? `&after=${encodeURIComponent(next)}` : ''}`, supervisor())).json()) as { recordings: Array<{ id: string }>; next: string | null };
      paged.push(...page.recordings.map((r) => r.id));
      next = page.next;
    } while (next && paged.length < 100);
    expect(paged).toEqual(recordings.map((r) => r['id']));
    for (const bad of ['limit=0', 'limit=501', 'limit=x', 'after=nope', 'after=1_..%2F']) expect((await api(`/api/recordings?${bad}`, supervisor())).status).toBe(400);
  });

  it('refuses: no token 401, agent role 403, another site 404, guessed and malformed ids 404, agent or supervisor delete 403, another site\'s secret 404', async () => {
    const { id } = await recordOne();
    await stored(id);
    expect((await api('/api/recordings')).status).toBe(401);
    expect((await api(`/api/recordings/${id}`)).status).toBe(401);
    expect((await api(`/api/recordings/${id}`, 'not-a-jwt')).status).toBe(401);
    expect((await api('/api/recordings', server.token({ role: 'agent' }))).status).toBe(403);
    expect((await api(`/api/recordings/${id}`, server.token({ role: 'agent' }))).status).toBe(403);
    expect((await api(`/api/recordings/${id}`, server.token({ role: 'admin', sites: ['other'] }))).status).toBe(404);
    const guesses = await Promise.all(Array.from({ length: 50 }, () => api(`/api/recordings/${randomUUID()}`, supervisor())));
    expect(guesses.map((r) => r.status)).toEqual(Array(50).fill(404));
    for (const bad of ['..%2F..%2Faudit.jsonl', id.toUpperCase(), `${id}x`, '%00']) expect((await api(`/api/recordings/${bad}`, supervisor())).status).toBe(404);
    expect((await api(`/api/recordings/${id}`, supervisor(), 'DELETE')).status).toBe(403);
    expect((await api(`/api/recordings/${id}`, server.token({ role: 'agent' }), 'DELETE')).status).toBe(403);
    expect((await api(`/api/recordings/${id}`, OTHER_SECRET, 'DELETE')).status).toBe(404);
    expect((await api(`/api/recordings/${id}`, server.token({ role: 'admin', sites: ['other'] }), 'DELETE')).status).toBe(404);
    expect((await api(`/api/recordings/${id}`, supervisor())).status).toBe(200);
  });

  it('deletes by an admin or the site secret (204, audited), then answers 404', async () => {
    const first = await recordOne();
    const second = await recordOne();
    await stored(first.id);
    await stored(second.id);
    expect((await api(`/api/recordings/${first.id}`, server.token({ role: 'admin', sub: 'admin-ann' }), 'DELETE')).status).toBe(204);
    expect((await api(`/api/recordings/${second.id}`, SITE_SECRET, 'DELETE')).status).toBe(204);
    for (const { id } of [first, second]) {
      expect((await api(`/api/recordings/${id}`, supervisor())).status).toBe(404);
      expect(readdirSync(dir)).not.toContain(id);
    }
    const deletions = audit().filter((e) => e.type === 'recording.deleted');
    expect(deletions.slice(-2).map((e) => e.actor)).toEqual(['admin-ann', 'site-api']);
  });

  it('lets the shopper\'s tab delete once with its token after Stop, never before, never with another token', async () => {
    const { shopper, agent, recording } = await consentedSession(server, true);
    const id = recording!['id'] as string;
    const token = recording!['deleteToken'] as string;
    expect(recording!['deletableForMs']).toBe(60000);
    const shopperDelete = (bearer: string | null, origin = 'https://shop.example'): Promise<Response> =>
      fetch(`${server.url}/shopper/recordings/${id}`, { method: 'DELETE', headers: { Origin: origin, ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}) } });
    // The store has the recording (with the token's hash) a moment after the grant.
    for (let i = 0; i < 100 && !(await server.recordings.meta(id))?.deleteTokenHash; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await shopperDelete(token)).status).toBe(409);
    shopper.sendJson({ t: 'stop' });
    await agent.nextJson('ended');
    // Pressed at once after Stop: the end may still be on its way to the store, and the deletion waits for it.
    const preflight = await fetch(`${server.url}/shopper/recordings/${id}`, { method: 'OPTIONS', headers: { Origin: 'https://shop.example', 'Access-Control-Request-Method': 'DELETE', 'Access-Control-Request-Headers': 'authorization' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('DELETE');
    expect((await shopperDelete(null)).status).toBe(401);
    expect((await shopperDelete(`${token.slice(0, -2)}AA`)).status).toBe(403);
    const deleted = await shopperDelete(token);
    expect(deleted.status).toBe(204);
    await stored(id);
    expect(deleted.headers.get('access-control-allow-origin')).toBe('*');
    expect((await shopperDelete(token)).status).toBe(404);
    expect(readdirSync(dir)).not.toContain(id);
    expect(audit().filter((e) => e.type === 'recording.deleted').at(-1)).toMatchObject({ actor: 'shopper', detail: { recording: id } });
    shopper.close();
    agent.close();
  });

  it('refuses the shopper\'s token after the window (410)', async () => {
    const { id, deleteToken } = await recordOne();
    await stored(id);
    expect(await server.recordings.deleteByShopper(id, deleteToken, Date.now() + 61_000)).toBe('too-late');
    expect((await api(`/api/recordings/${id}`, supervisor())).status).toBe(200);
  });

  it('sweeps recordings past their site\'s days, audited as expired', async () => {
    const { id } = await recordOne();
    await stored(id);
    expect(await server.recordings.sweep(Date.now() + 29 * 24 * 3600_000)).toBe(0);
    expect((await api(`/api/recordings/${id}`, supervisor())).status).toBe(200);
    expect(await server.recordings.sweep(Date.now() + 31 * 24 * 3600_000)).toBeGreaterThan(0);
    expect((await api(`/api/recordings/${id}`, supervisor())).status).toBe(404);
    expect(audit().filter((e) => e.type === 'recording.expired').map((e) => e.detail?.['recording'])).toContain(id);
    expect((await api('/api/recordings', supervisor()).then((r) => r.json()) as { recordings: unknown[] }).recordings).toEqual([]);
  });
});
