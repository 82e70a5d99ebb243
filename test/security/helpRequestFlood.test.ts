/**
 * Attack suite, issue 14: floods of fake help requests against the public shopper socket, on
 * real servers (and two nodes sharing a real Redis):
 * - an open/close loop from one address meets the per-address limit (open sockets no longer
 *   matter: each hello counts), and is told when to retry;
 * - a flood spread over many addresses for one site meets the per-site limit, while another
 *   site's shoppers still get sessions;
 * - the same flood spread over two nodes gets exactly the answer one node gives;
 * - a site that accepts backend-created sessions only refuses every page's own hello, while a
 *   session its backend created is picked up;
 * - sockets that never say hello are closed after the hello timeout and hold the address's
 *   connection slots only until then;
 * - an oversized or hostile help title is refused and creates nothing;
 * - every refusal is counted in /metrics;
 * - the agents' queue lists only sessions whose page is connected (a page gone shows as away,
 *   then leaves), is capped and shared out across sites, and sessions restored after a restart
 *   in the middle of a flood leave it (and end) when their pages never come back.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { CloseCode } from '../../protocol/closeCodes';
import type { QueueEntry, SessionQueueResponse } from '../../protocol/sessionQueue';
import { connectClient, type RelayClient } from '../helpers/relayClient';
import { startRedisServer, type RedisServer } from '../helpers/redisServer';
import { startTestServer, type TestServer } from '../helpers/testServer';
import { startTwoNodes, type TwoNodes } from '../helpers/twoNodes';

const SITES = JSON.stringify({ demo: ['self', 'http://127.0.0.1:*'], other: ['self', 'http://127.0.0.1:*'], locked: ['self', 'http://127.0.0.1:*'] });
const LOCKED_SECRET = 'locked-site-secret-0123456789-0123456789';

/** What one hello got: a session code, or the close code and reason. */
type HelloOutcome = { code: string } | { closed: number; reason: string };

/** Opens a shopper socket on `server` for `site` (as `forwardedFor` behind the trusted proxy), says hello and reports what happened; closes the socket afterwards. */
async function hello(server: TestServer, site = 'demo', forwardedFor?: string, title?: string): Promise<HelloOutcome> {
  const headers: Record<string, string> = forwardedFor ? { 'x-forwarded-for': forwardedFor } : {};
  const shopper: RelayClient = await connectClient(server.wsUrl(`/ws/shopper?site=${site}`), server.url, headers);
  shopper.sendJson({ t: 'hello', lang: 'en', ...(title === undefined ? {} : { title }) });
  const outcome = await Promise.race([
    shopper.nextJson('session', 5000).then((session): HelloOutcome => ({ code: session['code'] as string })),
    shopper.closed.then(({ code, reason }): HelloOutcome => ({ closed: code, reason })),
  ]);
  shopper.close();
  await shopper.closed;
  return outcome;
}

/** The number of sessions opened among `outcomes`, and the refusals' close codes and reasons. */
function tally(outcomes: HelloOutcome[]): { opened: number; refused: Array<{ closed: number; reason: string }> } {
  const refused = outcomes.flatMap((o) => ('closed' in o ? [o] : []));
  return { opened: outcomes.length - refused.length, refused };
}

/** Expects `opened` to be the bucket's burst plus at most what it refilled at `perMinute` during `ms`. */
function expectLimited(opened: number, burst: number, perMinute: number, ms: number): void {
  expect(opened).toBeGreaterThanOrEqual(burst);
  expect(opened).toBeLessThanOrEqual(burst + Math.floor((ms * perMinute) / 60_000));
}

/** The value of `lookalong_help_requests_refused_total{reason=...}` in /metrics. */
async function refusedMetric(server: TestServer, reason: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`lookalong_help_requests_refused_total{reason="${reason}"}`));
  return Number(line?.split(' ').pop() ?? Number.NaN);
}

/** The agents' queue as an agent of every site sees it. */
async function queueOf(server: TestServer): Promise<SessionQueueResponse> {
  const res = await fetch(`${server.url}/api/sessions`, { headers: { authorization: `Bearer ${server.token()}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as SessionQueueResponse;
}

/** Opens a waiting session and keeps its page connected; returns the socket, code and resume token. */
async function keptOpen(server: TestServer, site: string, forwardedFor: string): Promise<{ page: RelayClient; code: string; resumeToken: string }> {
  const page = await connectClient(server.wsUrl(`/ws/shopper?site=${site}`), server.url, { 'x-forwarded-for': forwardedFor });
  page.sendJson({ t: 'hello', lang: 'en' });
  const session = await page.nextJson('session');
  return { page, code: session['code'] as string, resumeToken: session['resumeToken'] as string };
}

describe('help-request floods', () => {
  const servers: Array<{ close(): Promise<void> }> = [];
  let redis: RedisServer;

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterEach(async () => {
    await Promise.allSettled(servers.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await redis?.close();
  });

  const start = async (env: Record<string, string>): Promise<TestServer> => {
    const server = await startTestServer({ LOOKALONG_SITES: SITES, LOOKALONG_LOG_LEVEL: 'silent', ...env });
    servers.push(server);
    return server;
  };

  it('an open/close loop from one address gets its 20 sessions a minute, then 4030 with a retry time', async () => {
    const server = await start({});
    const outcomes: HelloOutcome[] = [];
    const began = Date.now();
    for (let i = 0; i < 50; i++) outcomes.push(await hello(server));
    const { opened, refused } = tally(outcomes);
    expectLimited(opened, 20, 20, Date.now() - began);
    expect(refused).toHaveLength(50 - opened);
    for (const r of refused) {
      expect(r.closed).toBe(CloseCode.tooManyHelpRequests);
      expect(r.reason).toMatch(/^too many help requests from this address: retry in \d+ s$/);
    }
    // One token comes back every 3 s: the retry time says so.
    const wait = Number(/retry in (\d+) s/.exec(refused[0]!.reason)![1]);
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(3);
    expect(await refusedMetric(server, 'address')).toBe(50 - opened);
    expect(server.registry.size).toBe(opened);
  });

  it('a burst of 300 help requests from one address (the issue\'s case) opens 20 and lists 20', async () => {
    const server = await start({});
    const began = Date.now();
    const outcomes = await Promise.all(Array.from({ length: 300 }, () => hello(server)));
    const ms = Date.now() - began;
    const { opened, refused } = tally(outcomes);
    expectLimited(opened, 20, 20, ms);
    expect(refused.every((r) => r.closed === CloseCode.tooManyHelpRequests)).toBe(true);
    // The pages closed right away: listed as away at most, never more than what opened.
    expect((await queueOf(server)).sessions.length).toBeLessThanOrEqual(opened);
    console.log(`[help flood] 300 hellos from one address in ${ms} ms: opened ${opened}, refused ${refused.length} with 4030`);
  });

  it('a flood over 200 addresses for one site meets the per-site limit; another site still gets sessions', async () => {
    const server = await start({ LOOKALONG_TRUSTED_PROXIES: '127.0.0.1', LOOKALONG_HELP_REQUESTS_PER_SITE: '40' });
    const began = Date.now();
    const outcomes = await Promise.all(Array.from({ length: 200 }, (_, i) => hello(server, 'demo', `198.51.100.${i}`)));
    const { opened, refused } = tally(outcomes);
    expectLimited(opened, 40, 40, Date.now() - began);
    expect(refused.every((r) => r.closed === CloseCode.tooManyHelpRequests && /^too many help requests for this site: retry in \d+ s$/.test(r.reason))).toBe(true);
    expect(await refusedMetric(server, 'site')).toBe(200 - opened);
    expect(await refusedMetric(server, 'address')).toBe(0);
    // The flooded site's limit is its own: a shopper of another site is served at once.
    expect(await hello(server, 'other', '203.0.113.7')).toEqual({ code: expect.stringMatching(/^\d{6}$/) as unknown as string });
  });

  it('spread over two nodes sharing Redis, a flood gets exactly the answer one node gives', async () => {
    const limits = { LOOKALONG_SITES: SITES, LOOKALONG_TRUSTED_PROXIES: '127.0.0.1', LOOKALONG_HELP_REQUESTS_PER_IP: '10', LOOKALONG_HELP_REQUESTS_PER_SITE: '25' };
    const nodes: TwoNodes = await startTwoNodes(redis.url, 'help-flood', limits);
    servers.push(nodes);
    // One address, alternating nodes: 10 in all (not 10 per node), plus what refills meanwhile.
    const began = Date.now();
    const fromOne: HelloOutcome[] = [];
    for (let i = 0; i < 30; i++) fromOne.push(await hello(i % 2 ? nodes.b : nodes.a, 'demo', '192.0.2.1'));
    const openedFromOne = tally(fromOne).opened;
    expectLimited(openedFromOne, 10, 10, Date.now() - began);
    // Many addresses for one site, alternating nodes: the site's 25 in all, those above included.
    const fromMany = await Promise.all(Array.from({ length: 60 }, (_, i) => hello(i % 2 ? nodes.b : nodes.a, 'demo', `192.0.2.${10 + i}`)));
    const openedFromMany = tally(fromMany).opened;
    expectLimited(openedFromOne + openedFromMany, 25, 25, Date.now() - began);
    const refusedBy = (reason: string): Promise<number> => Promise.all([refusedMetric(nodes.a, reason), refusedMetric(nodes.b, reason)]).then(([a, b]) => a + b);
    expect(await refusedBy('address')).toBe(30 - openedFromOne);
    expect(await refusedBy('site')).toBe(60 - openedFromMany);
    // Both nodes refused some: the limit was met across them, not on one.
    expect(await refusedMetric(nodes.a, 'address')).toBeGreaterThan(0);
    expect(await refusedMetric(nodes.b, 'address')).toBeGreaterThan(0);
  });

  it('a site that accepts backend-created sessions only refuses a page hello (4031) and serves its backend sessions', async () => {
    const server = await start({ LOOKALONG_SITE_SECRETS: `locked=${LOCKED_SECRET}`, LOOKALONG_BACKEND_SESSIONS_ONLY: 'locked' });
    expect(await hello(server, 'locked')).toEqual({ closed: CloseCode.backendSessionsOnly, reason: 'this site only accepts sessions created by its backend' });
    expect(server.registry.size).toBe(0);
    // Other sites are not affected.
    expect('code' in (await hello(server, 'demo'))).toBe(true);
    const created = await fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { authorization: `Bearer ${LOCKED_SECRET}`, 'content-type': 'application/json' }, body: '{}' });
    expect(created.status).toBe(201);
    const { shopperToken, code } = (await created.json()) as { shopperToken: string; code: string };
    const page = await connectClient(server.wsUrl('/ws/shopper?site=locked'), server.url);
    page.sendJson({ t: 'resume', resumeToken: shopperToken });
    expect((await page.nextJson('session'))['code']).toBe(code);
    page.close();
    expect(await refusedMetric(server, 'backend_only')).toBe(1);
  });

  it('refuses the setting for a site without a backend secret, in one readable line', async () => {
    await expect(start({ LOOKALONG_BACKEND_SESSIONS_ONLY: 'demo' })).rejects.toThrow(
      'LOOKALONG_BACKEND_SESSIONS_ONLY: site "demo" has no LOOKALONG_SITE_SECRETS entry, so its backend could not create any session',
    );
  });

  it('an oversized or hostile help title is refused and opens nothing', async () => {
    const server = await start({});
    for (const title of ['x'.repeat(100_000), 'y'.repeat(121), { toString: 'boom' }, ['array']]) {
      const outcome = await hello(server, 'demo', undefined, title as string);
      expect(outcome).toMatchObject({ closed: CloseCode.protocolError });
    }
    expect(server.registry.size).toBe(0);
    // Markup is only text: the session opens and the queue shows it as typed, never as markup.
    const markup = '<img src=x onerror=alert(1)>下单失败';
    expect('code' in (await hello(server, 'demo', undefined, markup))).toBe(true);
  });

  it('the queue lists connected pages only: a closed page shows as away, then leaves; it is back when the page resumes', async () => {
    const server = await start({ LOOKALONG_QUEUE_AWAY_MS: '400', LOOKALONG_TRUSTED_PROXIES: '127.0.0.1' });
    const stays = await keptOpen(server, 'demo', '192.0.2.1');
    const leaves = await keptOpen(server, 'demo', '192.0.2.2');
    expect((await queueOf(server)).sessions.map((e) => [e.code, e.away])).toEqual([[stays.code, false], [leaves.code, false]]);
    leaves.page.close();
    await leaves.page.closed;
    await expect.poll(async () => (await queueOf(server)).sessions.find((e) => e.code === leaves.code)?.away).toBe(true);
    await expect.poll(async () => (await queueOf(server)).sessions.map((e) => e.code), { timeout: 3000 }).toEqual([stays.code]);
    // Still a session (within the resume grace): the page comes back and so does the entry.
    const back = await connectClient(server.wsUrl('/ws/shopper?site=demo'), server.url, { 'x-forwarded-for': '192.0.2.2' });
    back.sendJson({ t: 'resume', resumeToken: leaves.resumeToken });
    await back.nextJson('session');
    expect((await queueOf(server)).sessions.map((e) => [e.code, e.away])).toEqual([[stays.code, false], [leaves.code, false]]);
    for (const page of [stays.page, back]) page.close();
  });

  it('a flood of 300 help requests from one site fills the capped queue without hiding another site\'s shopper', async () => {
    const server = await start({ LOOKALONG_TRUSTED_PROXIES: '127.0.0.1', LOOKALONG_HELP_REQUESTS_PER_SITE: '1000' });
    const pages: RelayClient[] = [];
    const flood = await Promise.all(Array.from({ length: 300 }, (_, i) => keptOpen(server, 'demo', `198.51.${Math.floor(i / 250)}.${i % 250}`)));
    pages.push(...flood.map((f) => f.page));
    const quiet = await keptOpen(server, 'other', '203.0.113.5');
    pages.push(quiet.page);
    const { sessions, omitted } = await queueOf(server);
    expect(sessions).toHaveLength(200);
    expect(omitted).toBe(101);
    expect(sessions.map((e: QueueEntry) => e.code)).toContain(quiet.code);
    for (const page of pages) page.close();
  });

  it('a restart in the middle of a flood: restored sessions whose pages never come back leave the queue at once and end within the grace', async () => {
    const storeFile = join(tmpdir(), `lookalong-flood-${process.pid}-${Date.now()}.json`);
    onTestFinished(() => rmSync(storeFile, { force: true }));
    const store = { LOOKALONG_SESSION_STORE_FILE: storeFile };
    const env = { ...store, LOOKALONG_TRUSTED_PROXIES: '127.0.0.1', LOOKALONG_RESUME_GRACE_MS: '1500', LOOKALONG_QUEUE_AWAY_MS: '300' };
    const before = await startTestServer({ LOOKALONG_SITES: SITES, LOOKALONG_LOG_LEVEL: 'silent', ...env });
    const flood = await Promise.all(Array.from({ length: 40 }, (_, i) => keptOpen(before, 'demo', `198.51.100.${i}`)));
    const kept = flood[0]!;
    await before.close();
    const after = await start(env);
    expect(after.registry.size).toBe(40);
    // Away since the restart: listed as away only briefly, then not at all.
    await expect.poll(async () => (await queueOf(after)).sessions.length, { timeout: 3000 }).toBe(0);
    // One shopper comes back and is listed again; the others end within the grace.
    const back = await connectClient(after.wsUrl('/ws/shopper?site=demo'), after.url, { 'x-forwarded-for': '198.51.100.0' });
    back.sendJson({ t: 'resume', resumeToken: kept.resumeToken });
    await back.nextJson('session');
    expect((await queueOf(after)).sessions.map((e) => [e.code, e.away])).toEqual([[kept.code, false]]);
    await expect.poll(() => after.registry.size, { timeout: 4000 }).toBe(1);
    back.close();
  });

  it('sockets that never say hello are closed after the hello timeout, and the address gets its slots back', async () => {
    const server = await start({ LOOKALONG_HELLO_TIMEOUT_MS: '500', LOOKALONG_MAX_CONNECTIONS_PER_IP: '10' });
    const silent = await Promise.all(Array.from({ length: 10 }, () => connectClient(server.wsUrl('/ws/shopper?site=demo'), server.url)));
    // The address is at its cap: an eleventh socket is refused at the upgrade.
    await expect(connectClient(server.wsUrl('/ws/shopper?site=demo'), server.url)).rejects.toThrow('HTTP 429');
    const closes = await Promise.all(silent.map((socket) => socket.closed));
    expect(closes.every((c) => c.code === CloseCode.protocolError && c.reason === 'no hello within 0.5 s')).toBe(true);
    expect(server.registry.size).toBe(0);
    // Slots are back: a real shopper gets a session.
    await expect.poll(async () => 'code' in (await hello(server).catch(() => ({ closed: 0, reason: '' }))), { timeout: 3000 }).toBe(true);
  });

  it('with two nodes, the other node\'s queue shows the page away and then drops the session too', async () => {
    const nodes: TwoNodes = await startTwoNodes(redis.url, 'queue-away', { LOOKALONG_SITES: SITES, LOOKALONG_QUEUE_AWAY_MS: '400', LOOKALONG_TRUSTED_PROXIES: '127.0.0.1' });
    servers.push(nodes);
    const stays = await keptOpen(nodes.a, 'demo', '192.0.2.1');
    const leaves = await keptOpen(nodes.a, 'demo', '192.0.2.2');
    await expect.poll(async () => (await queueOf(nodes.b)).sessions.map((e) => [e.code, e.away])).toEqual([[stays.code, false], [leaves.code, false]]);
    leaves.page.close();
    await expect.poll(async () => (await queueOf(nodes.b)).sessions.find((e) => e.code === leaves.code)?.away).toBe(true);
    await expect.poll(async () => (await queueOf(nodes.b)).sessions.map((e) => e.code), { timeout: 3000 }).toEqual([stays.code]);
    stays.page.close();
  });
});
