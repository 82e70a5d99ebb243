/** Consent over time: expiry, extension, and revoke that discards frames already queued. */
import type { Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrameKind } from '../../protocol/envelope';
import { CONSENT_NOTICE_VERSION } from '../../protocol/messages';
import { openLiveSession } from '../helpers/liveSession';
import { connectClient, until } from '../helpers/relayClient';
import { startTestServer, type TestServer } from '../helpers/testServer';

const TTL_MS = 1500;

describe('consent lifecycle', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ LOOKALONG_CONSENT_TTL_MS: String(TTL_MS), LOOKALONG_SEND_BUFFER_MAX_BYTES: String(256 * 1024 * 1024) });
  });
  afterAll(() => server.close());

  const openLive = () => openLiveSession(server, 'zh-CN');

  it('tells both sides when consent runs out, and ends the session then', async () => {
    const started = Date.now();
    const { shopper, agent } = await openLive();
    const shopperExpiry = (await shopper.nextJson('expiry'))['expiresInMs'] as number;
    const agentExpiry = (await agent.nextJson('expiry'))['expiresInMs'] as number;
    expect(shopperExpiry).toBeGreaterThan(TTL_MS - 500);
    expect(shopperExpiry).toBeLessThanOrEqual(TTL_MS);
    expect(agentExpiry).toBeLessThanOrEqual(TTL_MS);
    expect(await agent.nextJson('ended', 4000)).toEqual({ t: 'ended', reason: 'expired' });
    expect(await shopper.nextJson('ended', 1000)).toEqual({ t: 'ended', reason: 'expired' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(TTL_MS - 100);
    expect(readFileSync(server.auditFile, 'utf8')).toContain('"type":"consent.expired"');
  });

  it('shows the shopper one consent dialog at a time, oldest first, and skips agents who left', async () => {
    const { shopper, code } = await openLive();
    const requestCount = (): number => shopper.received.filter((r) => r.kind === 'json' && r.value['t'] === 'join-request').length;
    const agentNamed = async (name: string) => {
      const agent = await connectClient(server.wsUrl('/ws/agent'), server.url);
      agent.sendJson(server.join(code, { sub: `agent-${name}`, name }));
      await agent.nextJson('joining');
      return agent;
    };
    const bob = await agentNamed('Bob');
    const carol = await agentNamed('Carol');
    const dave = await agentNamed('Dave');
    const first = await shopper.nextJson('join-request');
    expect((first['agent'] as { name: string }).name).toBe('Bob');
    await new Promise((r) => setTimeout(r, 100));
    expect(requestCount()).toBe(0);

    // Answered → the next one; its agent leaves while shown → the one after, at once.
    shopper.sendJson({ t: 'consent', requestId: first['requestId'], allow: false, notice: CONSENT_NOTICE_VERSION });
    expect(await bob.nextJson('consent')).toEqual({ t: 'consent', allow: false });
    const second = await shopper.nextJson('join-request');
    expect((second['agent'] as { name: string }).name).toBe('Carol');
    carol.close();
    const third = await shopper.nextJson('join-request');
    expect((third['agent'] as { name: string }).name).toBe('Dave');
    shopper.sendJson({ t: 'consent', requestId: third['requestId'], allow: true, notice: CONSENT_NOTICE_VERSION });
    expect(await dave.nextJson('consent')).toEqual({ t: 'consent', allow: true });
    await new Promise((r) => setTimeout(r, 100));
    expect(requestCount()).toBe(0);
  });

  it('lets the shopper extend the consent by another full period', async () => {
    const { shopper, agent } = await openLive();
    await shopper.nextJson('expiry');
    await agent.nextJson('expiry');
    await new Promise((r) => setTimeout(r, TTL_MS - 500));
    shopper.sendJson({ t: 'extend' });
    expect((await shopper.nextJson('expiry'))['expiresInMs']).toBeGreaterThan(TTL_MS - 200);
    expect((await agent.nextJson('expiry'))['expiresInMs']).toBeGreaterThan(TTL_MS - 200);
    await new Promise((r) => setTimeout(r, 800)); // past the original expiry
    expect(agent.ws.readyState).toBe(agent.ws.OPEN);
    expect(await agent.nextJson('ended', 3000)).toEqual({ t: 'ended', reason: 'expired' });
    const log = readFileSync(server.auditFile, 'utf8');
    expect(log).toContain('"type":"consent.extended"');
    expect(log).toContain('"lang":"zh-CN"');
    shopper.close();
  });

  it('on Stop, discards frames still queued for a stalled viewer instead of flushing them', async () => {
    const { shopper, agent, code, stream } = await openLive();
    const agentSocket = (agent.ws as unknown as { _socket: Socket })._socket;
    agentSocket.pause();
    const payload = { type: 3, data: { filler: 'x'.repeat(64 * 1024) }, timestamp: 1 };
    const sent = 200;
    const outBefore = server.counters.framesOut;
    shopper.sendEvent(stream, 0, { type: 4, data: {}, timestamp: 0 }, FrameKind.checkpoint);
    for (let seq = 1; seq < sent; seq++) shopper.sendEvent(stream, seq, payload);
    await until(() => server.counters.framesOut - outBefore === sent, 10_000);
    const cutBefore = server.counters.viewersCutOnEnd;
    shopper.sendJson({ t: 'stop' });
    await until(() => server.counters.viewersCutOnEnd === cutBefore + 1);
    agentSocket.resume();
    const { code: closeCode } = await agent.closed;
    expect(closeCode).toBe(1006); // cut off, not a graceful close after the queue
    const delivered = agent.frames().length;
    expect(delivered).toBeLessThan(sent);
    console.log(`revoke with a stalled viewer: ${sent} frames handed to the socket, ${delivered} reached the viewer, ${sent - delivered} discarded`);

    // Reconnecting, the agent learns why the session is over.
    const again = await connectClient(server.wsUrl('/ws/agent'), server.url);
    again.sendJson(server.join(code));
    expect(await again.nextJson('ended')).toEqual({ t: 'ended', reason: 'shopper-stopped' });
    expect((await again.closed).code).toBe(4000);
  });
});
