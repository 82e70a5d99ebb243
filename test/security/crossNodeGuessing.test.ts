/**
 * Attack suite, issue 14: session-code guessing spread over two nodes sharing a real Redis meets
 * the one-node limits — per agent (5 wrong codes a minute by default) and per client address
 * (20) — instead of twice as many; a right code is refused too once the limit is met; and the
 * answer names when to retry.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../../protocol/closeCodes';
import { connectClient } from '../helpers/relayClient';
import { startRedisServer, type RedisServer } from '../helpers/redisServer';
import type { TestServer } from '../helpers/testServer';
import { openShopper, startTwoNodes, type TwoNodes } from '../helpers/twoNodes';

/** One join with a ticket of `sub`, on `node`, for `code`: the close code and reason it got. */
async function guess(node: TestServer, code: string, sub: string): Promise<{ code: number; reason: string }> {
  const agent = await connectClient(node.wsUrl('/ws/agent'), node.url);
  const issued = await node.requestTicket(node.token({ sub, name: sub }));
  agent.sendJson({ t: 'join', ticket: issued.body['ticket'], code });
  const closed = await Promise.race([agent.closed, agent.nextJson('join-request', 3000).then(() => ({ code: 0, reason: 'asked the shopper' }))]);
  agent.close();
  return closed;
}

/** A six-digit code no session has. */
const wrongCode = (i: number, taken: string): string => {
  const code = String(100000 + i);
  return code === taken ? String(200000 + i) : code;
};

describe('code guessing over two nodes', () => {
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
});
