/**
 * Attack suite, issue 14: limits that must hold across two nodes sharing a real Redis —
 * session-code guessing per agent (5 wrong codes a minute by default) and per client address
 * (20), where a right code is refused too once the limit is met and the answer names when to
 * retry; open sockets per client address and per agent, where a slot comes back when its socket
 * closes and a dead node's sockets stop counting; and the per-site cap on sessions a shop's
 * backend opened that no page has picked up yet.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../../protocol/closeCodes';
import { connectClient, type RelayClient } from '../helpers/relayClient';
import { startRedisServer, type RedisServer } from '../helpers/redisServer';
import type { TestServer } from '../helpers/testServer';
import { openShopper, startTwoNodes, type TwoNodes } from '../helpers/twoNodes';

/** One join with a ticket of `sub`, on `node`, for `code`: the close code and reason it got. */
async function guess(node: TestServer, code: string, sub: string): Promise<{ code: number; reason: string }> {
  const agent = await connectClient(node.wsUrl('/ws/agent'), node.url);
  const issued = await node.requestTicket(node.token({ sub, name: sub }));
  agent.sendJson({ t: 'join', ticket: issued.body['ticket'], code });
  const closed = await Promise.race([agent.closed, agent.nextJson('joining', 3000).then(() => ({ code: 0, reason: 'asked the shopper' }))]);
  agent.close();
  return closed;
}

/** A six-digit code no session has. */
const wrongCode = (i: number, taken: string): string => {
  const code = String(100000 + i);
  return code === taken ? String(200000 + i) : code;
};

describe('limits over two nodes', () => {
  let redis: RedisServer;
  let nodes: TwoNodes;

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  // Fresh nodes (and key prefix) per test: both tests guess from the same address.
  beforeEach(async () => {
    nodes = await startTwoNodes(redis.url, 'guessing');
  });
  afterEach(async () => {
    await nodes?.close();
  });
  afterAll(async () => {
    await redis?.close();
  });

  it('one agent alternating nodes gets 5 wrong codes in all, then 4029 with a retry time, even for the right code', async () => {
    const { code } = await openShopper(nodes.a);
    const outcomes = [];
    for (let i = 0; i < 8; i++) outcomes.push(await guess(i % 2 ? nodes.b : nodes.a, wrongCode(i, code), 'agent-mallory'));
    expect(outcomes.slice(0, 5).map((o) => o.code)).toEqual(Array(5).fill(CloseCode.unknownSession));
    for (const o of outcomes.slice(5)) {
      expect(o.code).toBe(CloseCode.rateLimited);
      expect(o.reason).toMatch(/^too many wrong session codes: retry in \d+ s$/);
    }
    // The right code, on either node, is refused as well while the limit holds.
    expect((await guess(nodes.a, code, 'agent-mallory')).code).toBe(CloseCode.rateLimited);
    expect((await guess(nodes.b, code, 'agent-mallory')).code).toBe(CloseCode.rateLimited);
  });

  it('many agents from one address alternating nodes get 20 wrong codes in all', async () => {
    const { code } = await openShopper(nodes.b);
    const outcomes = [];
    // Four guesses per agent (under the per-agent 5), so only the per-address limit can bite.
    for (let i = 0; i < 28; i++) outcomes.push(await guess(i % 2 ? nodes.b : nodes.a, wrongCode(500 + i, code), `agent-crowd-${Math.floor(i / 4)}`));
    const misses = outcomes.filter((o) => o.code === CloseCode.unknownSession).length;
    expect(misses).toBe(20);
    expect(outcomes.slice(20).every((o) => o.code === CloseCode.rateLimited)).toBe(true);
  });

  it('open sockets per address are capped on both nodes together, and a slot comes back when its socket closes', async () => {
    await nodes.close();
    nodes = await startTwoNodes(redis.url, 'sockets', { LOOKALONG_MAX_CONNECTIONS_PER_IP: '4' });
    const open: RelayClient[] = [];
    for (let i = 0; i < 4; i++) open.push(await connectClient((i % 2 ? nodes.b : nodes.a).wsUrl('/ws/shopper?site=demo'), nodes.a.url));
    for (const node of [nodes.a, nodes.b]) await expect(connectClient(node.wsUrl('/ws/shopper?site=demo'), node.url)).rejects.toThrow('HTTP 429');
    open[0]!.close();
    await open[0]!.closed;
    await expect.poll(() => connectClient(nodes.b.wsUrl('/ws/shopper?site=demo'), nodes.b.url).then((c) => (open.push(c), true), () => false), { timeout: 3000 }).toBe(true);
    for (const socket of open) socket.close();
  });

  it('sockets of one agent are capped on both nodes together, and a closed one gives its slot back', async () => {
    await nodes.close();
    nodes = await startTwoNodes(redis.url, 'agent-sockets', { LOOKALONG_MAX_SOCKETS_PER_AGENT: '2' });
    const { code } = await openShopper(nodes.a);
    // Two joins (one per node) wait for the shopper's answer: both sockets count.
    const first = await guess(nodes.a, code, 'agent-busy');
    const second = await guess(nodes.b, code, 'agent-busy');
    expect([first.code, second.code]).toEqual([0, 0]);
    // guess() closed those sockets after the join request: their slots are free again.
    const held: RelayClient[] = [];
    for (const node of [nodes.a, nodes.b]) {
      const agent = await connectClient(node.wsUrl('/ws/agent'), node.url);
      const issued = await node.requestTicket(node.token({ sub: 'agent-busy', name: 'Busy' }));
      agent.sendJson({ t: 'join', ticket: issued.body['ticket'], code });
      await agent.nextJson('joining');
      held.push(agent);
    }
    for (const node of [nodes.a, nodes.b]) {
      expect(await guess(node, code, 'agent-busy')).toEqual({ code: CloseCode.rateLimited, reason: 'too many sockets for this agent (at most 2)' });
    }
    // A socket closing gives its slot back on every node.
    held.pop()!.close();
    await expect.poll(() => guess(nodes.a, code, 'agent-busy').then((o) => o.code), { timeout: 3000 }).toBe(0);
    for (const agent of held) agent.close();
  });

  it('sockets counted by a node that died (no liveness key) stop counting', async () => {
    await nodes.close();
    nodes = await startTwoNodes(redis.url, 'ghost-sockets', { LOOKALONG_MAX_CONNECTIONS_PER_IP: '3' });
    // What a crashed node left behind: three sockets of 127.0.0.1, never released.
    const key = `${nodes.prefix}connections:peer:127.0.0.1`;
    await redis.client.hset(key, 'crashed-node|0123456789ab', '3');
    const socket = await connectClient(nodes.a.wsUrl('/ws/shopper?site=demo'), nodes.a.url);
    expect(await redis.client.hexists(key, 'crashed-node|0123456789ab')).toBe(0);
    socket.close();
  });

  it('sessions a backend opened and no page picked up are capped per site on both nodes together', async () => {
    await nodes.close();
    const secret = 'demo-site-secret-0123456789-0123456789';
    nodes = await startTwoNodes(redis.url, 'unclaimed', { LOOKALONG_SITE_SECRETS: `demo=${secret}`, LOOKALONG_API_SESSIONS_PER_SITE: '3' });
    const create = (node: TestServer): Promise<Response> =>
      fetch(`${node.url}/api/sessions`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: '{}' });
    const answers: Response[] = [];
    for (let i = 0; i < 5; i++) answers.push(await create(i % 2 ? nodes.b : nodes.a));
    expect(answers.map((r) => r.status)).toEqual([201, 201, 201, 429, 429]);
    expect(Number(answers[3]!.headers.get('retry-after'))).toBeGreaterThan(0);
    // A page picks one up (on the other node than the one that created it): a place is free again.
    const { shopperToken } = (await answers[0]!.json()) as { shopperToken: string };
    const page = await connectClient(nodes.b.wsUrl('/ws/shopper?site=demo'), nodes.b.url);
    page.sendJson({ t: 'resume', resumeToken: shopperToken });
    await page.nextJson('session');
    await expect.poll(async () => (await create(nodes.a)).status, { timeout: 3000 }).toBe(201);
    expect((await create(nodes.b)).status).toBe(429);
    page.close();
  });
});
