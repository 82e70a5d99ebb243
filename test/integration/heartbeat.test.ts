/** Heartbeat: a socket that stops answering pings is terminated, and the room notices. */
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLiveSession } from '../helpers/liveSession';
import { startTestServer, type TestServer } from '../helpers/testServer';

describe('heartbeat', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ LOOKALONG_HEARTBEAT_MS: '1000' });
  });
  afterAll(() => server.close());

  it('terminates a shopper socket that misses its pongs; the agent is told the page is gone', async () => {
    const { shopper, agent } = await openLiveSession(server);
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
