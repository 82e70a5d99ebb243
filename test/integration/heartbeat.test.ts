/** Heartbeat: a socket that stops answering pings is terminated, and the room notices. */
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_NOTICE_VERSION } from '../../protocol/messages';
import { connectClient } from '../helpers/relayClient';
import { startTestServer, type TestServer } from '../helpers/testServer';

describe('heartbeat', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ LOOKALONG_HEARTBEAT_MS: '1000' });
  });
  afterAll(() => server.close());

  it('terminates a shopper socket that misses its pongs; the agent is told the page is gone', async () => {
    const shopper = await connectClient(server.wsUrl('/ws/shopper?site=demo'), server.url);
    shopper.sendJson({ t: 'hello', lang: 'en' });
    const session = await shopper.nextJson('session');
    const agent = await connectClient(server.wsUrl('/ws/agent'), server.url);
    agent.sendJson({ t: 'join', token: server.token(), code: session['code'] });
    const request = await shopper.nextJson('join-request');
    shopper.sendJson({ t: 'consent', requestId: request['requestId'], allow: true, notice: CONSENT_NOTICE_VERSION });
    await agent.nextJson('consent');
    expect(await agent.nextJson('shopper')).toEqual({ t: 'shopper', connected: true });

    // The shopper's machine goes silent: nothing read, so no pong is ever sent.
    (shopper.ws as unknown as { _socket: Socket })._socket.pause();
    const started = Date.now();
    expect(await agent.nextJson('shopper', 4000)).toEqual({ t: 'shopper', connected: false });
    expect(Date.now() - started).toBeLessThan(3500);
    // The agent, which answers its pings, is still connected.
    await new Promise((r) => setTimeout(r, 1200));
    expect(agent.ws.readyState).toBe(agent.ws.OPEN);
    agent.close();
  });
});
