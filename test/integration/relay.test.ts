/** The relay with real ws clients: consent gating, forwarding, late join, view-only, stop. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrameKind } from '../../protocol/envelope';
import { CloseCode } from '../../protocol/closeCodes';
import { findBrokenAuditLine } from '../../server/src/audit/auditLog';
import { connectClient, until, type RelayClient } from '../helpers/relayClient';
import { startTestServer, type TestServer } from '../helpers/testServer';

const META = { type: 4, data: { href: 'https://shop.example/', width: 1280, height: 720 }, timestamp: 1 };
const FULL = { type: 2, data: { node: { type: 0, childNodes: [], id: 1 }, initialOffset: { top: 0, left: 0 } }, timestamp: 2 };
const annotation = { id: 'mark1', shape: 'rect', color: '#ff5a1f', stream: 1, anchor: null, box: { x: 10, y: 20, w: 100, h: 40 } };

describe('relay', () => {
  let server: TestServer;
  let origin: string;

  beforeAll(async () => {
    // Every test here opens sessions from 127.0.0.1: more than the default 20 a minute in all.
    server = await startTestServer({ LOOKALONG_RESUME_GRACE_MS: '300', LOOKALONG_HELP_REQUESTS_PER_IP: '1000' });
    origin = server.url;
  });
  afterAll(() => server.close());

  const shopperUrl = (site = 'demo'): string => server.wsUrl(`/ws/shopper?site=${site}`);

  async function openWaiting(): Promise<{ shopper: RelayClient; code: string; stream: number; resumeToken: string }> {
    const shopper = await connectClient(shopperUrl(), origin);
    shopper.sendJson({ t: 'hello', lang: 'en' });
    const session = await shopper.nextJson('session');
    return { shopper, code: session['code'] as string, stream: session['stream'] as number, resumeToken: session['resumeToken'] as string };
  }

  async function joinAgent(code: string, ticket = server.ticket()): Promise<RelayClient> {
    const agent = await connectClient(server.wsUrl('/ws/agent'), origin);
    agent.sendJson({ t: 'join', ticket, code });
    return agent;
  }

  async function openLive(): Promise<{ shopper: RelayClient; agent: RelayClient; code: string; stream: number; resumeToken: string }> {
    const waiting = await openWaiting();
    const agent = await joinAgent(waiting.code);
    const request = await waiting.shopper.nextJson('join-request');
    waiting.shopper.sendJson({ t: 'consent', requestId: request['requestId'], allow: true, notice: 'consent-notice-2026-11' });
    expect(await agent.nextJson('consent')).toMatchObject({ allow: true });
    expect(await agent.nextJson('shopper')).toEqual({ t: 'shopper', connected: true });
    await waiting.shopper.nextJson('state');
    await waiting.shopper.nextJson('viewers');
    return { ...waiting, agent };
  }

  it('gives the shopper a 6-digit code and sends no frames before consent', async () => {
    const { shopper, code, stream } = await openWaiting();
    expect(code).toMatch(/^\d{6}$/);
    const agent = await joinAgent(code);
    const request = await shopper.nextJson('join-request');
    expect(request['agent']).toEqual({ id: 'agent-alice', name: 'Alice', org: 'Support' });
    await agent.nextJson('joining');
    const refusedBefore = server.counters.framesRefused;
    shopper.sendEvent(stream, 0, META, FrameKind.checkpoint);
    await until(() => server.counters.framesRefused === refusedBefore + 1);
    expect(agent.frames()).toHaveLength(0);
    shopper.close();
    agent.close();
  });

  it('forwards shopper frames to the consented agent byte for byte, in order', async () => {
    const { shopper, agent, stream } = await openLive();
    shopper.sendEvent(stream, 0, META, FrameKind.checkpoint);
    shopper.sendEvent(stream, 1, FULL);
    for (let seq = 2; seq < 50; seq++) shopper.sendEvent(stream, seq, { type: 3, data: { source: 1, seq }, timestamp: seq });
    await until(() => agent.frames().length === 50);
    expect(agent.frames().map((f) => f.seq)).toEqual([...Array(50).keys()]);
    expect(agent.frames()[0]!.kind).toBe(FrameKind.checkpoint);
    expect(JSON.parse(Buffer.from(agent.frames()[1]!.payload).toString())).toEqual(FULL);
    shopper.close();
    agent.close();
  });

  it('gives a late joiner the checkpoint, then the live stream, without gap or duplicate', async () => {
    const { shopper, agent, code, stream } = await openLive();
    shopper.sendEvent(stream, 0, { type: 3, data: { before: true }, timestamp: 0 });
    shopper.sendEvent(stream, 1, META, FrameKind.checkpoint);
    shopper.sendEvent(stream, 2, FULL);
    shopper.sendEvent(stream, 3, { type: 3, data: { n: 3 }, timestamp: 3 });
    await until(() => agent.frames().length === 4);

    const late = await joinAgent(code, server.ticket({ sub: 'agent-bob', name: 'Bob' }));
    const request = await shopper.nextJson('join-request');
    shopper.sendJson({ t: 'consent', requestId: request['requestId'], allow: true, notice: 'consent-notice-2026-11' });
    await late.nextJson('consent');
    await until(() => late.frames().length === 3);
    shopper.sendEvent(stream, 4, { type: 3, data: { n: 4 }, timestamp: 4 });
    await until(() => late.frames().length === 4);
    expect(late.frames().map((f) => f.seq)).toEqual([1, 2, 3, 4]);
    expect((await shopper.nextJson('viewers'))['viewers']).toHaveLength(2);
    shopper.close();
    agent.close();
    late.close();
  });

  it('forwards a validated annotation from the consented agent to the shopper, signed with the agent', async () => {
    // Everything that is not an allowlisted annotation is thrown at the relay in test/security/viewOnlyRelay.test.ts.
    const { shopper, agent } = await openLive();
    agent.sendJson({ t: 'annotate', annotation });
    const delivered = await shopper.nextJson('annotation');
    expect(delivered).toEqual({ t: 'annotation', op: 'add', annotation, by: { id: 'agent-alice', name: 'Alice', org: 'Support' } });
    shopper.close();
    agent.close();
  });

  it('refuses every frame after Stop and tells the agent', async () => {
    const { shopper, agent, stream } = await openLive();
    shopper.sendEvent(stream, 0, META, FrameKind.checkpoint);
    await until(() => agent.frames().length === 1);
    shopper.sendJson({ t: 'stop' });
    for (let seq = 1; seq < 20; seq++) shopper.sendEvent(stream, seq, { type: 3, data: { after: seq }, timestamp: seq });
    expect(await agent.nextJson('ended')).toEqual({ t: 'ended', reason: 'shopper-stopped' });
    expect((await agent.closed).code).toBe(CloseCode.sessionEnded);
    expect((await shopper.closed).code).toBe(CloseCode.sessionEnded);
    expect(agent.frames()).toHaveLength(1);
  });

  it('keeps the session across a page reload (resume) without a new consent', async () => {
    const { shopper, agent, code, stream, resumeToken } = await openLive();
    shopper.close();
    expect(await agent.nextJson('shopper')).toEqual({ t: 'shopper', connected: false });
    const next = await connectClient(shopperUrl(), origin);
    next.sendJson({ t: 'resume', resumeToken });
    const session = await next.nextJson('session');
    expect(session).toMatchObject({ code, state: 'live', stream: stream + 1 });
    expect(await agent.nextJson('shopper')).toEqual({ t: 'shopper', connected: true });
    next.sendEvent(stream, 0, META, FrameKind.checkpoint); // stale stream: refused
    next.sendEvent(stream + 1, 0, META, FrameKind.checkpoint);
    await until(() => agent.frames().length === 1);
    expect(agent.frames()[0]!.stream).toBe(stream + 1);
    next.close();
    agent.close();
  });

  it('re-admits a consented agent who reloads the console, with the checkpoint and no new dialog', async () => {
    const { shopper, agent, code, stream } = await openLive();
    shopper.sendEvent(stream, 0, META, FrameKind.checkpoint);
    shopper.sendEvent(stream, 1, FULL);
    await until(() => agent.frames().length === 2);
    agent.close();
    await shopper.nextJson('viewers');
    const again = await joinAgent(code);
    expect(await again.nextJson('consent')).toEqual({ t: 'consent', allow: true });
    await until(() => again.frames().length === 2);
    expect(again.frames().map((f) => f.seq)).toEqual([0, 1]);
    expect(shopper.received.filter((r) => r.kind === 'json' && r.value['t'] === 'join-request')).toHaveLength(0);
    shopper.close();
    again.close();
  });

  it('closes an agent socket when its token expires', async () => {
    const { shopper, code } = await openWaiting();
    const agent = await joinAgent(code, server.ticket({}, 2));
    await agent.nextJson('joining');
    expect((await agent.nextJson('error', 4000))['message']).toBe('agent token expired');
    expect((await agent.closed).code).toBe(CloseCode.unauthorized);
    shopper.close();
  });

  it('ends the session when the shopper page does not come back within the grace period', async () => {
    const { shopper, agent, resumeToken } = await openLive();
    shopper.close();
    expect(await agent.nextJson('ended', 3000)).toEqual({ t: 'ended', reason: 'shopper-left' });
    const late = await connectClient(shopperUrl(), origin);
    late.sendJson({ t: 'resume', resumeToken });
    expect((await late.closed).code).toBe(CloseCode.unknownSession);
  });

  it('tells a denied agent politely and closes its socket', async () => {
    const { shopper, code } = await openWaiting();
    const agent = await joinAgent(code);
    const request = await shopper.nextJson('join-request');
    shopper.sendJson({ t: 'consent', requestId: request['requestId'], allow: false, notice: 'consent-notice-2026-11' });
    expect(await agent.nextJson('consent')).toEqual({ t: 'consent', allow: false });
    expect((await agent.closed).code).toBe(CloseCode.denied);
    expect(await shopper.nextJson('state')).toEqual({ t: 'state', state: 'waiting' });
    shopper.close();
  });

  it('refuses bad tokens, bad tickets and unknown codes with a reason', async () => {
    const { shopper, code } = await openWaiting();
    expect(await server.requestTicket(server.token() + 'x')).toMatchObject({ status: 401, body: { error: expect.stringMatching(/agent token refused/) } });
    expect((await server.requestTicket(server.token({}, -60))).status).toBe(401);
    const forged = await joinAgent(code, 'A'.repeat(43));
    expect((await forged.nextJson('error'))['message']).toMatch(/ticket refused/);
    expect((await forged.closed).code).toBe(CloseCode.unauthorized);
    const wrongCode = await joinAgent(code === '000000' ? '000001' : '000000');
    expect((await wrongCode.closed).code).toBe(CloseCode.unknownSession);
    expect(shopper.received.filter((r) => r.kind === 'json' && r.value['t'] === 'join-request')).toHaveLength(0);
    shopper.close();
  });

  it('refuses upgrades from foreign origins and unknown sites with 403 before any handler runs', async () => {
    await expect(connectClient(shopperUrl(), 'https://evil.example')).rejects.toThrow('HTTP 403');
    await expect(connectClient(shopperUrl(), 'http://localhost.evil.example:8080')).rejects.toThrow('HTTP 403');
    await expect(connectClient(shopperUrl(), 'null')).rejects.toThrow('HTTP 403');
    await expect(connectClient(shopperUrl('nosuchsite'), origin)).rejects.toThrow('HTTP 403');
    for (const inherited of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      await expect(connectClient(shopperUrl(inherited), origin)).rejects.toThrow('HTTP 403');
    }
    await expect(connectClient(server.wsUrl('/ws/agent'), 'https://evil.example')).rejects.toThrow('HTTP 403');
    await expect(connectClient(server.wsUrl('/ws/other'), origin)).rejects.toThrow('HTTP 404');
  });

  it('closes only the offending socket on malformed input; the process and other sessions carry on', async () => {
    const { shopper, agent, stream } = await openLive();
    const garbage: Array<string | Buffer> = ['not json', '[]', '{"t":"hello"}', '{"t":"consent","requestId":"','\u0000', Buffer.from([1, 2, 3]), Buffer.from([9, 1, 0, 0, 0, 1, 0, 0, 0, 0]), Buffer.from([1, 7, 0, 0, 0, 1, 0, 0, 0, 0])];
    for (const bad of garbage) {
      const victim = await openWaiting();
      victim.shopper.ws.send(bad);
      expect((await victim.shopper.closed).code).toBe(CloseCode.protocolError);
    }
    const big = await connectClient(server.wsUrl('/ws/agent'), origin);
    big.ws.send('x'.repeat(70 * 1024));
    expect((await big.closed).code).toBe(1009);
    shopper.sendEvent(stream, 0, META, FrameKind.checkpoint);
    await until(() => agent.frames().length === 1);
    shopper.close();
    agent.close();
  });

  it('closes a socket that floods the relay faster than its rate limit, and only that socket', async () => {
    const { shopper, agent, stream } = await openLive();
    const before = server.counters.rateLimited;
    for (let i = 0; i < 500; i++) agent.sendJson({ t: 'resync' });
    expect((await agent.closed).code).toBe(CloseCode.rateLimited);
    expect(server.counters.rateLimited).toBe(before + 1);
    shopper.sendEvent(stream, 0, META, FrameKind.checkpoint);
    await until(() => server.counters.framesIn > 0);
    expect(shopper.ws.readyState).toBe(shopper.ws.OPEN);
    shopper.close();
  });

  it('writes an intact hash-chained audit trail of grants, annotations and ends', async () => {
    await until(() => readFileSync(server.auditFile, 'utf8').includes('session.ended'));
    const text = readFileSync(server.auditFile, 'utf8');
    expect(findBrokenAuditLine(text)).toBe(0);
    for (const type of ['session.created', 'consent.requested', 'consent.granted', 'consent.denied', 'annotation.sent', 'session.ended']) {
      expect(text).toContain(`"type":"${type}"`);
    }
  });
});
