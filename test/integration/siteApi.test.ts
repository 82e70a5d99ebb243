/**
 * The shop-backend API on a real server: `POST /api/sessions` with a site secret, the shopper
 * page picking the session up with its `shopperToken`, and `POST /api/sessions/:code/end`
 * by site secret or supervisor — with the audit naming who did what — and the per-site cap on
 * sessions no page has picked up yet.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_NOTICE_VERSION } from '../../protocol/messages';
import { openapiDocument } from '../../server/src/api/openapiDocument';
import type { AuditEntry } from '../../server/src/audit/auditLog';
import { connectClient, until, type RelayClient } from '../helpers/relayClient';
import { startTestServer, type TestServer } from '../helpers/testServer';

const DEMO_SECRET = 'demo-site-secret-0123456789-0123456789';
const OTHER_SECRET = 'other-site-secret-0123456789-012345678';
const SITES = JSON.stringify({ demo: ['self', 'http://127.0.0.1:*'], other: ['https://other.example'] });

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ LOOKALONG_SITES: SITES, LOOKALONG_SITE_SECRETS: `demo=${DEMO_SECRET},other=${OTHER_SECRET}` });
});
afterAll(async () => {
  await server.close();
});

/** POSTs JSON (or raw text) to the server. */
async function post(path: string, bearer: string | undefined, body?: unknown, raw?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (bearer) headers['Authorization'] = `Bearer ${bearer}`;
  const response = await fetch(`${server.url}${path}`, { method: 'POST', headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function auditOf(sessionId: unknown): AuditEntry[] {
  return readFileSync(server.auditFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as AuditEntry).filter((entry) => entry.session === sessionId);
}

/** The shopper's page picks the session up with its token, as `Lookalong.requestHelp(shopperToken)` does. */
async function pickUp(shopperToken: unknown): Promise<{ shopper: RelayClient; session: Record<string, unknown> }> {
  const shopper = await connectClient(server.wsUrl('/ws/shopper?site=demo'), server.url);
  shopper.sendJson({ t: 'resume', resumeToken: shopperToken });
  return { shopper, session: await shopper.nextJson('session') };
}

describe('POST /api/sessions', () => {
  it('refuses a request without a site secret, with an unknown one, or with an agent token', async () => {
    for (const bearer of [undefined, 'not-a-site-secret-0123456789-0123456789', server.token({ role: 'admin' })]) {
      const { status, body } = await post('/api/sessions', bearer, {});
      expect(status).toBe(401);
      expect(body).toEqual({ error: 'a site secret is required' });
    }
  });

  it('refuses invalid bodies in JSON', async () => {
    expect(await post('/api/sessions', DEMO_SECRET, { lang: 'not a language' })).toMatchObject({ status: 400 });
    expect(await post('/api/sessions', DEMO_SECRET, { title: 'x'.repeat(121) })).toMatchObject({ status: 400 });
    expect(await post('/api/sessions', DEMO_SECRET, ['array'])).toMatchObject({ status: 400 });
    expect(await post('/api/sessions', DEMO_SECRET, undefined, '{"lang":')).toEqual({ status: 400, body: { error: 'body is not valid JSON' } });
    expect(await post('/api/sessions', DEMO_SECRET, { title: 'x'.repeat(5000) })).toEqual({ status: 413, body: { error: 'body larger than 4kb' } });
  });

  it('opens a waiting session that the shopper page picks up with its token, then the usual consent', async () => {
    const before = Date.now();
    const created = await post('/api/sessions', DEMO_SECRET, { lang: 'zh-CN', title: 'Order 1042 – delivery question' });
    expect(created.status).toBe(201);
    const { code, sessionId, shopperToken, expiresAt, site } = created.body;
    expect(site).toBe('demo');
    expect(code).toMatch(/^\d{6}$/);
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(shopperToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 600_000);

    const queue = await fetch(`${server.url}/api/sessions`, { headers: { Authorization: `Bearer ${server.token()}` } });
    const entry = ((await queue.json()) as { sessions: Array<Record<string, unknown>> }).sessions.find((s) => s['code'] === code);
    expect(entry).toMatchObject({ site: 'demo', state: 'waiting', title: 'Order 1042 – delivery question', lang: 'zh-CN', viewers: 0 });

    const { shopper, session } = await pickUp(shopperToken);
    expect(session).toMatchObject({ code, state: 'waiting', resumeToken: shopperToken });
    const agent = await connectClient(server.wsUrl('/ws/agent'), server.url);
    agent.sendJson(server.join(code as string));
    const request = await shopper.nextJson('join-request');
    shopper.sendJson({ t: 'consent', requestId: request['requestId'], allow: true, notice: CONSENT_NOTICE_VERSION });
    await agent.nextJson('consent');
    expect(server.registry.findByCode(code as string)?.state).toBe('live');
    expect(auditOf(sessionId).map((e) => [e.type, e.actor])).toEqual([
      ['session.created', 'site-api'],
      ['consent.requested', 'agent-alice'],
      ['consent.granted', 'shopper'],
      ['viewer.joined', 'agent-alice'],
    ]);
    shopper.sendJson({ t: 'stop' });
    await shopper.closed;
    agent.close();
  });

  it('does not let another site\'s page pick the session up', async () => {
    const { body } = await post('/api/sessions', OTHER_SECRET, {});
    const shopper = await connectClient(server.wsUrl('/ws/shopper?site=demo'), server.url);
    shopper.sendJson({ t: 'resume', resumeToken: body['shopperToken'] });
    expect((await shopper.closed).code).toBe(4004);
  });
});

describe('an unclaimed API session', () => {
  it('ends by itself after LOOKALONG_API_SESSION_TTL_MS, while a claimed one stays', async () => {
    const short = await startTestServer({ LOOKALONG_SITE_SECRETS: `demo=${DEMO_SECRET}`, LOOKALONG_API_SESSION_TTL_MS: '1000' });
    try {
      const create = async (): Promise<Record<string, unknown>> => {
        const response = await fetch(`${short.url}/api/sessions`, { method: 'POST', headers: { Authorization: `Bearer ${DEMO_SECRET}` } });
        expect(response.status).toBe(201);
        return (await response.json()) as Record<string, unknown>;
      };
      const unclaimed = await create();
      const claimed = await create();
      const shopper = await connectClient(short.wsUrl('/ws/shopper?site=demo'), short.url);
      shopper.sendJson({ t: 'resume', resumeToken: claimed['shopperToken'] });
      await shopper.nextJson('session');
      await until(() => short.registry.findByCode(unclaimed['code'] as string) === undefined, 3000);
      expect(short.registry.endReason(unclaimed['code'] as string)).toBe('shopper-left');
      expect(short.registry.findByCode(claimed['code'] as string)?.state).toBe('waiting');
      shopper.close();
    } finally {
      await short.close();
    }
  });
});

describe('the per-site cap on sessions not yet picked up', () => {
  it('answers 429 with Retry-After past LOOKALONG_API_SESSIONS_PER_SITE, per site, until one is picked up or ends', async () => {
    const capped = await startTestServer({ LOOKALONG_SITES: SITES, LOOKALONG_SITE_SECRETS: `demo=${DEMO_SECRET},other=${OTHER_SECRET}`, LOOKALONG_API_SESSIONS_PER_SITE: '2' });
    const create = async (secret: string): Promise<{ status: number; retryAfter: string | null; body: Record<string, unknown> }> => {
      const response = await fetch(`${capped.url}/api/sessions`, { method: 'POST', headers: { Authorization: `Bearer ${secret}` } });
      return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Record<string, unknown> };
    };
    try {
      const first = await create(DEMO_SECRET);
      const second = await create(DEMO_SECRET);
      expect([first.status, second.status]).toEqual([201, 201]);
      const refused = await create(DEMO_SECRET);
      expect(refused).toMatchObject({ status: 429, body: { error: 'too many sessions waiting for their page (at most 2 per site)' } });
      expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(599);
      expect(Number(refused.retryAfter)).toBeLessThanOrEqual(600);
      expect(openapiDocument.paths['/api/sessions']?.post?.responses).toHaveProperty('429');
      expect(capped.registry.size).toBe(2);
      // Another site has its own cap.
      expect((await create(OTHER_SECRET)).status).toBe(201);

      // A page picks the first one up: it no longer counts.
      const shopper = await connectClient(capped.wsUrl('/ws/shopper?site=demo'), capped.url);
      shopper.sendJson({ t: 'resume', resumeToken: first.body['shopperToken'] });
      await shopper.nextJson('session');
      expect((await create(DEMO_SECRET)).status).toBe(201);
      expect((await create(DEMO_SECRET)).status).toBe(429);

      // Ending a waiting one frees its slot too.
      const ended = await fetch(`${capped.url}/api/sessions/${second.body['code'] as string}/end`, { method: 'POST', headers: { Authorization: `Bearer ${DEMO_SECRET}` } });
      expect(ended.status).toBe(200);
      expect((await create(DEMO_SECRET)).status).toBe(201);
      shopper.close();
    } finally {
      await capped.close();
    }
  });
});

describe('POST /api/sessions/:code/end', () => {
  async function liveApiSession(): Promise<{ code: string; sessionId: string; shopper: RelayClient; agent: RelayClient }> {
    const { body } = await post('/api/sessions', DEMO_SECRET, {});
    const { shopper } = await pickUp(body['shopperToken']);
    const agent = await connectClient(server.wsUrl('/ws/agent'), server.url);
    agent.sendJson(server.join(body['code'] as string));
    const request = await shopper.nextJson('join-request');
    shopper.sendJson({ t: 'consent', requestId: request['requestId'], allow: true, notice: CONSENT_NOTICE_VERSION });
    await agent.nextJson('consent');
    return { code: body['code'] as string, sessionId: body['sessionId'] as string, shopper, agent };
  }

  it('lets the site\'s backend end its own session at once, and audits it as site-api', async () => {
    const { code, sessionId, shopper, agent } = await liveApiSession();
    expect(await post(`/api/sessions/${code}/end`, OTHER_SECRET)).toEqual({ status: 404, body: { error: 'no open session has this code' } });
    expect(await post(`/api/sessions/${code}/end`, DEMO_SECRET)).toEqual({ status: 200, body: { sessionId, code, state: 'ended' } });
    expect(await shopper.nextJson('ended')).toEqual({ t: 'ended', reason: 'agent-ended' });
    expect((await agent.closed).code).toBe(4000);
    expect((await shopper.closed).code).toBe(4000);
    expect(auditOf(sessionId).at(-1)).toMatchObject({ type: 'session.ended', actor: 'site-api', detail: { reason: 'agent-ended' } });
    expect(await post(`/api/sessions/${code}/end`, DEMO_SECRET)).toMatchObject({ status: 404 });
  });

  it('lets a supervisor end it, within the sites its token covers; not an agent', async () => {
    const { code, sessionId, shopper } = await liveApiSession();
    expect(await post(`/api/sessions/${code}/end`, undefined)).toMatchObject({ status: 401 });
    expect(await post(`/api/sessions/${code}/end`, 'garbage')).toMatchObject({ status: 401 });
    expect(await post(`/api/sessions/${code}/end`, server.token())).toMatchObject({ status: 403 });
    expect(await post(`/api/sessions/${code}/end`, server.token({ role: 'supervisor', sites: ['other'] }))).toMatchObject({ status: 404 });
    expect(await post(`/api/sessions/12345/end`, server.token({ role: 'supervisor' }))).toEqual({ status: 400, body: { error: 'code must be 6 digits' } });
    expect(await post(`/api/sessions/${code}/end`, server.token({ role: 'supervisor', sub: 'sam', sites: ['demo'] }))).toMatchObject({ status: 200 });
    await shopper.closed;
    expect(auditOf(sessionId).at(-1)).toMatchObject({ type: 'session.ended', actor: 'sam' });
  });
});
