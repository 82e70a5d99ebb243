/** `GET /api/sessions` (the agents' queue) and the console's frame-ancestors, over a real server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAgentToken } from '../../server/src/auth/agentToken';
import type { QueueEntry } from '../../protocol/sessionQueue';
import { openLiveSession } from '../helpers/liveSession';
import { connectClient, type RelayClient } from '../helpers/relayClient';
import { startTestServer, type TestServer } from '../helpers/testServer';

const SITES = JSON.stringify({ demo: ['http://127.0.0.1:*'], outlet: ['http://127.0.0.1:*'] });

/** GET /api/sessions with `token`; expects a 200 that must not be cached, and returns its entries. */
async function queueOf(server: TestServer, token: string): Promise<QueueEntry[]> {
  const res = await fetch(`${server.url}/api/sessions`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return ((await res.json()) as { sessions: QueueEntry[] }).sessions;
}

describe('GET /api/sessions', () => {
  let server: TestServer;
  const sockets: RelayClient[] = [];

  /** Opens a waiting session on `site` with a hello carrying `title` (or none). */
  async function askForHelp(site: string, lang: string, title?: string): Promise<string> {
    const shopper = await connectClient(server.wsUrl(`/ws/shopper?site=${site}`), server.url);
    sockets.push(shopper);
    shopper.sendJson(title === undefined ? { t: 'hello', lang } : { t: 'hello', lang, title });
    return (await shopper.nextJson('session'))['code'] as string;
  }

  const list = (token: string): Promise<QueueEntry[]> => queueOf(server, token);
  const codes = (entries: QueueEntry[]): string[] => entries.map((entry) => entry.code);

  beforeAll(async () => {
    server = await startTestServer({ LOOKALONG_SITES: SITES });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server.close();
  });

  it('answers 401 without a token, with a malformed header, a foreign or an expired token', async () => {
    const foreign = signAgentToken({ sub: 'x', name: 'X' }, 'another-secret-another-secret-another-secret');
    const cases: Array<[Record<string, string>, string]> = [
      [{}, 'Bearer'],
      [{ authorization: 'Basic abc' }, 'Bearer'],
      [{ authorization: `Bearer ${foreign}` }, 'Bearer error="invalid_token"'],
      [{ authorization: `Bearer ${server.token({}, -60)}` }, 'Bearer error="invalid_token"'],
      [{ authorization: `Bearer ${server.token({ sites: 'demo' } as unknown as { sites: string[] })}` }, 'Bearer error="invalid_token"'],
    ];
    for (const [headers, challenge] of cases) {
      const res = await fetch(`${server.url}/api/sessions`, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(challenge);
      expect(Object.keys((await res.json()) as object)).toEqual(['error']);
    }
  });

  it('lists a waiting session with its site, page title, language and waiting time', async () => {
    const before = Date.now();
    const code = await askForHelp('demo', 'zh-CN', '  Checkout — Demo shop  ');
    const entry = (await list(server.token())).find((e) => e.code === code);
    expect(entry).toMatchObject({ code, site: 'demo', state: 'waiting', title: 'Checkout — Demo shop', lang: 'zh-CN', viewers: 0 });
    expect(entry!.createdAt).toBeGreaterThanOrEqual(before);
    expect(entry!.createdAt).toBeLessThanOrEqual(Date.now());
    expect(entry!.waitingMs).toBeGreaterThanOrEqual(0);
    expect(entry!.waitingMs).toBeLessThan(5000);
    expect(Object.keys(entry!).sort()).toEqual(['away', 'code', 'createdAt', 'lang', 'site', 'state', 'title', 'viewers', 'waitingMs']);
  });

  it('gives null for a session opened without a title, and lists the longest waiting first', async () => {
    const code = await askForHelp('demo', 'en');
    const entries = await list(server.token());
    expect(entries.find((e) => e.code === code)?.title).toBeNull();
    const created = entries.map((e) => e.createdAt);
    expect(created).toEqual([...created].sort((a, b) => a - b));
  });

  it('shows only the sites a `sites` claim names; all sites without the claim', async () => {
    const outlet = await askForHelp('outlet', 'en', 'Outlet');
    const demo = await askForHelp('demo', 'en', 'Demo');
    expect(codes(await list(server.token()))).toEqual(expect.arrayContaining([outlet, demo]));
    const outletOnly = await list(server.token({ sites: ['outlet'] }));
    expect(codes(outletOnly)).toContain(outlet);
    expect(outletOnly.every((e) => e.site === 'outlet')).toBe(true);
    const demoOnly = await list(server.token({ sites: ['demo', 'elsewhere'] }));
    expect(codes(demoOnly)).toContain(demo);
    expect(demoOnly.every((e) => e.site === 'demo')).toBe(true);
    expect(await list(server.token({ sites: [] }))).toEqual([]);
  });

  it('shows a consented session as live with its viewer count, and drops it once ended', async () => {
    const live = await openLiveSession(server);
    sockets.push(live.shopper, live.agent);
    expect((await list(server.token())).find((e) => e.code === live.code)).toMatchObject({ state: 'live', viewers: 1, title: null });
    live.shopper.sendJson({ t: 'stop' });
    await live.agent.closed;
    expect(codes(await list(server.token()))).not.toContain(live.code);
  });
});

describe('GET /api/sessions across a relay restart', () => {
  it('keeps the title and the time the shopper asked for help', async () => {
    const first = await startTestServer();
    const shopper = await connectClient(first.wsUrl('/ws/shopper?site=demo'), first.url);
    shopper.sendJson({ t: 'hello', lang: 'en', title: 'Returns' });
    const code = (await shopper.nextJson('session'))['code'] as string;
    const [before] = await queueOf(first, first.token());
    await first.close();
    const second = await startTestServer({ LOOKALONG_AUDIT_FILE: first.auditFile, LOOKALONG_SESSION_STORE_FILE: first.sessionStoreFile });
    try {
      const after = await queueOf(second, second.token());
      expect(after).toHaveLength(1);
      expect(after[0]).toMatchObject({ code, title: 'Returns', createdAt: before!.createdAt });
    } finally {
      await second.close();
    }
  });
});

describe('agent console framing', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ LOOKALONG_HELPDESK_ORIGINS: 'https://desk.example, http://localhost:3000' });
  });
  afterAll(() => server.close());

  it('lets the console itself and LOOKALONG_HELPDESK_ORIGINS embed /agent/', async () => {
    const csp = (await fetch(`${server.url}/agent/`)).headers.get('content-security-policy') ?? '';
    expect(csp.split('; ')).toContain("frame-ancestors 'self' https://desk.example http://localhost:3000");
  });
});
