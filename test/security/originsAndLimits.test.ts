/**
 * Attack suite, "Origins, limits, abuse" (issue 6), against a real server: exact-match Origin
 * allowlists refused at the upgrade (403, before any handler runs), frame size and rate caps
 * per role, connection caps per address (X-Forwarded-For believed only from a trusted proxy)
 * and per agent, session-code guessing throttled without revealing which codes exist, helmet
 * headers and explicit CORS on the REST API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CloseCode } from '../../protocol/closeCodes';
import { agentConsoleCsp } from '../../server/src/app';
import { connectClient, type RelayClient } from '../helpers/relayClient';
import { startTestServer, type TestServer } from '../helpers/testServer';
import { upgradeStatus } from '../helpers/upgradeProbe';

const SHOP = 'https://shop.example';
const HELPDESK = 'https://desk.example';

describe('attack suite: origins, limits, abuse', () => {
  let server: TestServer;
  const sockets: RelayClient[] = [];
  /** Raw sockets a test keeps open (e.g. to fill an address's quota). */
  const heldSockets: WebSocket[] = [];
  /** Servers a test starts with its own limits; closed after the file. */
  const extraServers: TestServer[] = [];

  beforeAll(async () => {
    server = await startTestServer({
      LOOKALONG_SITES: JSON.stringify({ demo: ['self', 'http://127.0.0.1:*'], shop: [SHOP] }),
      LOOKALONG_AGENT_ORIGINS: HELPDESK,
    });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    for (const socket of heldSockets) socket.terminate();
    await Promise.all([server, ...extraServers].map((s) => s.close()));
  });

  const startServer = async (env: Record<string, string>): Promise<TestServer> => {
    const started = await startTestServer(env);
    extraServers.push(started);
    return started;
  };
  const http = (path: string, on = server): string => `${on.url}${path}`;
  const track = (client: RelayClient): RelayClient => {
    sockets.push(client);
    return client;
  };
  /** A waiting shopper session on site `demo` of `on`. */
  const openWaiting = async (on = server): Promise<{ shopper: RelayClient; code: string }> => {
    const shopper = track(await connectClient(on.wsUrl('/ws/shopper?site=demo'), on.url));
    shopper.sendJson({ t: 'hello', lang: 'en' });
    return { shopper, code: (await shopper.nextJson('session'))['code'] as string };
  };
  /** Joins `code` as an agent (`claims`) on `on`; resolves with the socket. */
  const joinAs = async (code: string, claims: Record<string, string> = {}, on = server): Promise<RelayClient> => {
    const agent = track(await connectClient(on.wsUrl('/ws/agent'), on.url));
    agent.sendJson(on.join(code, claims));
    return agent;
  };
  /** A code no session has. */
  const unusedCode = (on: TestServer, taken: readonly string[] = []): string => {
    for (let n = 0; ; n++) {
      const code = String(n).padStart(6, '0');
      if (!taken.includes(code) && !on.registry.findByCode(code)) return code;
    }
  };

  it('control: the listed shop origin and the console and helpdesk origins are let in', async () => {
    expect((await upgradeStatus(http('/ws/shopper?site=shop'), { origin: SHOP })).status).toBe(101);
    expect((await upgradeStatus(http('/ws/agent'), { origin: server.url })).status).toBe(101);
    expect((await upgradeStatus(http('/ws/agent'), { origin: HELPDESK })).status).toBe(101);
  });

  it('shopper socket without a known site key', async () => {
    for (const site of ['', 'nosuchshop', 'constructor', '__proto__']) {
      expect(await upgradeStatus(http(`/ws/shopper?site=${site}`), { origin: SHOP })).toMatchObject({ status: 403 });
    }
    expect((await upgradeStatus(http('/ws/shopper'), { origin: SHOP })).status).toBe(403);
  });

  it('origin substring attack', async () => {
    const sessionsBefore = server.registry.size;
    for (const origin of [
      'https://shop.example.evil.com',
      'https://evilshop.example',
      'https://shop.example:8443',
      'http://shop.example',
      'https://shop.example.',
      'https://shop.example/',
      'https://SHOP.example',
      'https://shop.example@evil.com',
    ]) {
      expect(await upgradeStatus(http('/ws/shopper?site=shop'), { origin }), origin).toEqual({ status: 403, body: 'origin not allowed for this site' });
    }
    // Another site's allowed origin does not open this one.
    expect((await upgradeStatus(http('/ws/shopper?site=shop'), { origin: server.url })).status).toBe(403);
    expect(server.registry.size).toBe(sessionsBefore);
  });

  it('null origin', async () => {
    expect((await upgradeStatus(http('/ws/shopper?site=shop'), { origin: 'null' })).status).toBe(403);
    expect((await upgradeStatus(http('/ws/agent'), { origin: 'null' })).status).toBe(403);
  });

  it('missing origin', async () => {
    expect((await upgradeStatus(http('/ws/shopper?site=shop'))).status).toBe(403);
    expect((await upgradeStatus(http('/ws/agent'))).status).toBe(403);
  });

  it('agent from a non-allowlisted origin', async () => {
    for (const origin of [SHOP, 'https://desk.example.evil.com', 'https://evil.example', 'http://desk.example']) {
      expect(await upgradeStatus(http('/ws/agent'), { origin }), origin).toEqual({ status: 403, body: 'origin not allowed for agents' });
    }
    // A forged Host cannot turn a foreign origin into "same origin".
    expect((await upgradeStatus(http('/ws/agent'), { origin: 'https://evil.example', host: 'evil.example:*' })).status).toBe(403);
  });

  it('agent maxPayload > 64 KB closes', async () => {
    expect(server.config.agentMaxPayloadBytes).toBe(64 * 1024);
    const { code } = await openWaiting();
    const joined = await joinAs(code);
    await joined.nextJson('joining');
    joined.ws.send('x'.repeat(64 * 1024 + 1));
    expect((await joined.closed).code).toBe(1009);
    const fresh = track(await connectClient(server.wsUrl('/ws/agent'), server.url));
    fresh.ws.send(Buffer.alloc(64 * 1024 + 1));
    expect((await fresh.closed).code).toBe(1009);
  });

  it('agent message and byte rates per socket', async () => {
    const { code } = await openWaiting();
    const agent = await joinAs(code);
    await agent.nextJson('joining');
    // 60 messages/s with a 2 s burst: 200 pings at once are past it.
    for (let n = 0; n < 200; n++) agent.sendJson({ t: 'ping', n });
    expect(await agent.closed).toEqual({ code: CloseCode.rateLimited, reason: 'rate limit exceeded' });
  });

  it('code guessing throttled', async () => {
    const guarded = await startServer({ LOOKALONG_CODE_GUESSES_PER_AGENT: '5', LOOKALONG_CODE_GUESSES_PER_IP: '8' });
    const { shopper, code } = await openWaiting(guarded);
    const guess = async (tried: string, sub: string): Promise<{ close: { code: number; reason: string }; error: string }> => {
      const agent = await joinAs(tried, { sub, name: sub }, guarded);
      return { error: (await agent.nextJson('error'))['message'] as string, close: await agent.closed };
    };
    // Five wrong codes: each "no waiting session", nothing else revealed.
    const wrong: string[] = [];
    for (let i = 0; i < 5; i++) {
      wrong.push(unusedCode(guarded, [...wrong, code]));
      expect(await guess(wrong[i]!, 'agent-guesser')).toEqual({
        error: `no waiting session has code ${wrong[i]}`,
        close: { code: CloseCode.unknownSession, reason: `no waiting session has code ${wrong[i]}` },
      });
    }
    // The sixth try is refused before any lookup, even with the right code.
    const throttled = await guess(code, 'agent-guesser');
    expect(throttled.close.code).toBe(CloseCode.rateLimited);
    expect(throttled.close.reason).toMatch(/^too many wrong session codes: retry in (60|59|58) s$/);
    expect(shopper.received.some((r) => r.kind === 'json' && r.value['t'] === 'join-request')).toBe(false);
    // Other agents from the same address: three more misses reach the address's limit of 8.
    for (let i = 0; i < 3; i++) {
      const miss = await guess(unusedCode(guarded, [...wrong, code]), `agent-helper-${i}`);
      expect(miss.close.code).toBe(CloseCode.unknownSession);
    }
    expect((await guess(code, 'agent-innocent')).close.code).toBe(CloseCode.rateLimited);
  });

  it('connections per IP cap', async () => {
    const capped = await startServer({ LOOKALONG_MAX_CONNECTIONS_PER_IP: '3' });
    const open = await Promise.all([1, 2, 3].map(() => connectClient(capped.wsUrl('/ws/shopper?site=demo'), capped.url)));
    open.forEach(track);
    expect(await upgradeStatus(http('/ws/shopper?site=demo', capped), { origin: capped.url })).toEqual({ status: 429, body: 'too many connections from this address' });
    expect((await upgradeStatus(http('/ws/agent', capped), { origin: capped.url })).status).toBe(429);
    open[0]!.close();
    await open[0]!.closed;
    // The slot comes back once the TCP connection is gone.
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 101; attempt++) {
      const probe = await upgradeStatus(http('/ws/shopper?site=demo', capped), { origin: capped.url });
      status = probe.status;
      if (status !== 101) await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe(101);
  });

  /** Opens a shopper socket on `on` whose upgrade carries `X-Forwarded-For: forwardedFor`; resolves once open. */
  const openForwarded = async (on: TestServer, forwardedFor: string): Promise<WebSocket> => {
    const ws = new WebSocket(on.wsUrl('/ws/shopper?site=demo'), { origin: on.url, headers: { 'x-forwarded-for': forwardedFor } });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    heldSockets.push(ws);
    return ws;
  };
  const probeForwarded = async (on: TestServer, forwardedFor?: string): Promise<number> =>
    (await upgradeStatus(http('/ws/shopper?site=demo', on), { origin: on.url, ...(forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }) })).status;

  it('connections per IP cap: X-Forwarded-For from an untrusted peer does not dodge it', async () => {
    const capped = await startServer({ LOOKALONG_MAX_CONNECTIONS_PER_IP: '2' });
    await openForwarded(capped, '198.51.100.1');
    await openForwarded(capped, '198.51.100.2');
    // Every socket counts as 127.0.0.1, whatever address it claims to be forwarded for.
    for (const claimed of ['198.51.100.3', '198.51.100.3, 198.51.100.4', '::ffff:198.51.100.5', 'garbage']) expect(await probeForwarded(capped, claimed), claimed).toBe(429);
    expect(await probeForwarded(capped)).toBe(429);
  });

  it('connections per IP cap behind a trusted proxy count the forwarded client', async () => {
    const capped = await startServer({ LOOKALONG_MAX_CONNECTIONS_PER_IP: '2', LOOKALONG_TRUSTED_PROXIES: '127.0.0.1' });
    await openForwarded(capped, '198.51.100.1');
    await openForwarded(capped, '198.51.100.1');
    expect(await probeForwarded(capped, '198.51.100.1')).toBe(429);
    // The proxy appends the real address after whatever the client wrote: the forged entry is never believed.
    expect(await probeForwarded(capped, '203.0.113.9, 198.51.100.1')).toBe(429);
    // Other clients behind the same proxy have their own count, and so does the proxy itself.
    expect(await probeForwarded(capped, '198.51.100.2')).toBe(101);
    expect(await probeForwarded(capped, '2001:db8::2, 127.0.0.1')).toBe(101);
    expect(await probeForwarded(capped)).toBe(101);
  });

  it('connections per agent cap', async () => {
    const capped = await startServer({ LOOKALONG_MAX_SOCKETS_PER_AGENT: '2' });
    const { code } = await openWaiting(capped);
    const first = await joinAs(code, {}, capped);
    const second = await joinAs(code, {}, capped);
    await first.nextJson('joining');
    await second.nextJson('joining');
    const third = await joinAs(code, {}, capped);
    expect(await third.closed).toEqual({ code: CloseCode.rateLimited, reason: 'too many sockets for this agent (at most 2)' });
    // Another agent is not affected.
    expect(await (await joinAs(code, { sub: 'agent-bob', name: 'Bob' }, capped)).nextJson('joining')).toMatchObject({ code });
  });

  it('helmet headers present', async () => {
    for (const path of ['/healthz', '/api/sessions', '/agent/', '/demo/']) {
      const res = await fetch(http(path));
      const h = res.headers;
      expect(h.get('x-content-type-options'), path).toBe('nosniff');
      expect(h.get('strict-transport-security'), path).toMatch(/max-age=\d+/);
      expect(h.get('referrer-policy'), path).toBe('no-referrer');
      expect(h.get('cross-origin-opener-policy'), path).toBe('same-origin');
      expect(h.get('origin-agent-cluster'), path).toBe('?1');
      expect(h.get('x-dns-prefetch-control'), path).toBe('off');
      expect(h.get('x-permitted-cross-domain-policies'), path).toBe('none');
      expect(h.get('x-powered-by'), path).toBeNull();
    }
    const api = await fetch(http('/healthz'));
    expect(api.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(api.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    // The console keeps its own strict CSP (helmet does not replace or weaken it); framing is governed by it alone.
    const console = await fetch(http('/agent/'));
    expect(console.headers.get('content-security-policy')).toBe(agentConsoleCsp([]));
    expect(console.headers.get('x-frame-options')).toBeNull();
    // Shops load the SDK from their own origin.
    const sdk = await fetch(http('/sdk.js'));
    expect(sdk.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });

  it('CORS denies a foreign origin', async () => {
    const token = server.token();
    const preflight = (origin: string): Promise<Response> =>
      fetch(http('/api/tickets'), { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' } });
    for (const origin of ['https://evil.example', 'https://desk.example.evil.com', 'null']) {
      const denied = await preflight(origin);
      expect(denied.status, origin).toBe(403);
      expect(denied.headers.get('access-control-allow-origin'), origin).toBeNull();
      const call = await fetch(http('/api/sessions'), { headers: { origin, authorization: `Bearer ${token}` } });
      expect(call.status, origin).toBe(403);
      expect(call.headers.get('access-control-allow-origin'), origin).toBeNull();
      expect((await server.requestTicket(token, origin)).status, origin).toBe(403);
    }
    // A configured helpdesk gets its own origin back, never "*", and no credentials.
    const allowed = await preflight(HELPDESK);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(HELPDESK);
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    expect(allowed.headers.get('vary')).toMatch(/Origin/);
    expect((await server.requestTicket(token, HELPDESK)).status).toBe(200);
    // The console's own origin needs no CORS at all.
    expect((await server.requestTicket(token, server.url)).status).toBe(200);
  });
});
