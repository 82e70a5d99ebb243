/**
 * Two relay nodes sharing a real Redis (a private redis-server): the shopper on node A, agents
 * on node B. Join with a ticket from the other node, consent, frames in order, a late joiner's
 * checkpoint from A, marks from B to the shopper, the queue and audit of both nodes, revoke on A
 * stopping B within 200 ms, and the REST end through the other node.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../protocol/closeCodes';
import { FrameKind } from '../../protocol/envelope';
import { connectClient, until } from '../helpers/relayClient';
import { startRedisServer, type RedisServer } from '../helpers/redisServer';
import { allowNext, joinOn, openShopper, startTwoNodes, type TwoNodes } from '../helpers/twoNodes';

const META = { type: 4, data: { href: 'https://shop.example/', width: 1280, height: 720 } };
const SNAPSHOT = { type: 2, data: { node: { type: 0, childNodes: [] } } };

describe('two relay nodes on one Redis', () => {
  let redis: RedisServer;
  let nodes: TwoNodes;

  beforeAll(async () => {
    redis = await startRedisServer();
    nodes = await startTwoNodes(redis.url, 'multi');
  });
  afterAll(async () => {
    await nodes?.close();
    await redis?.close();
  });

  it('relays a session from a shopper on node A to an agent on node B: consent, frames in order, marks back', async () => {
    const { a, b } = nodes;
    const { shopper, code, stream } = await openShopper(a);
    // The ticket comes from node A's POST /api/tickets; the socket is on node B (no sticky sessions).
    const agent = await joinOn(b, code, 'agent-alice', a);
    expect(await agent.nextJson('joining')).toMatchObject({ code, site: 'demo' });
    await allowNext(shopper);
    expect(await agent.nextJson('consent')).toMatchObject({ allow: true });
    expect(await agent.nextJson('shopper')).toMatchObject({ connected: true });
    expect(b.cluster!.agents.forwarded).toBe(1);
    expect(a.cluster!.agents.hosted).toBe(1);

    shopper.sendEvent(stream, 0, META, FrameKind.checkpoint);
    shopper.sendEvent(stream, 1, SNAPSHOT);
    for (let seq = 2; seq < 200; seq++) shopper.sendEvent(stream, seq, { type: 3, data: { seq } });
    await until(() => agent.frames().length === 200);
    expect(agent.frames().map((f) => f.seq)).toEqual([...Array(200).keys()]);
    expect(b.counters.framesOut).toBe(200);

    agent.sendJson({ t: 'annotate', annotation: { id: 'm1', shape: 'rect', color: '#ff5a1f', stream, anchor: null, box: { x: 10, y: 20, w: 100, h: 40 } } });
    const mark = await shopper.nextJson('annotation');
    expect(mark).toMatchObject({ op: 'add', annotation: { id: 'm1', shape: 'rect' }, by: { id: 'agent-alice', name: 'Alice' } });
    shopper.sendJson({ t: 'dismiss' });
    await agent.nextJson('dismissed');
    shopper.close();
    agent.close();
  });

  it('gives a late joiner on node B the checkpoint cached on node A, then the live stream without gap', async () => {
    const { a, b } = nodes;
    const { shopper, code, stream } = await openShopper(a);
    const first = await joinOn(a, code);
    await allowNext(shopper);
    await first.nextJson('consent');
    shopper.sendEvent(stream, 0, META, FrameKind.checkpoint);
    shopper.sendEvent(stream, 1, SNAPSHOT);
    shopper.sendEvent(stream, 2, { type: 3, data: {} });
    await until(() => first.frames().length === 3);

    const late = await joinOn(b, code, 'agent-bob');
    await allowNext(shopper);
    await late.nextJson('consent');
    await until(() => late.frames().length === 3);
    shopper.sendEvent(stream, 3, { type: 3, data: {} });
    await until(() => late.frames().length === 4);
    expect(late.frames().map((f) => [f.seq, f.kind])).toEqual([[0, FrameKind.checkpoint], [1, FrameKind.event], [2, FrameKind.event], [3, FrameKind.event]]);
    // The shopper and both agents see both viewers.
    const viewers = (await late.nextJson('viewers'))['viewers'] as Array<{ id: string }>;
    expect(viewers.map((v) => v.id).sort()).toEqual(['agent-alice', 'agent-bob']);
    shopper.close();
  });

  it('lists node A’s sessions in node B’s queue, with their viewers', async () => {
    const { a, b } = nodes;
    const { shopper, code } = await openShopper(a);
    const agent = await joinOn(b, code);
    await allowNext(shopper);
    await agent.nextJson('consent');
    await until(() => a.registry.findByCode(code)?.viewerCount === 1);
    const read = async (): Promise<Array<Record<string, unknown>>> => {
      const response = await fetch(`${b.url}/api/sessions`, { headers: { authorization: `Bearer ${b.token()}` } });
      return ((await response.json()) as { sessions: Array<Record<string, unknown>> }).sessions;
    };
    await expect.poll(async () => (await read()).find((s) => s['code'] === code), { timeout: 3000 }).toMatchObject({ site: 'demo', state: 'live', viewers: 1 });
    shopper.close();
  });

  it('stops delivery on node B within 200 ms of a revoke on node A, and delivers nothing after it', async () => {
    const { a, b } = nodes;
    const forwardedBefore = b.cluster!.agents.forwarded;
    const hostedBefore = a.cluster!.agents.hosted;
    const { shopper, code, stream } = await openShopper(a);
    const agent = await joinOn(b, code);
    await allowNext(shopper);
    await agent.nextJson('consent');
    expect(b.cluster!.agents.forwarded).toBe(forwardedBefore + 1);
    shopper.sendEvent(stream, 0, META, FrameKind.checkpoint);
    for (let seq = 1; seq < 50; seq++) shopper.sendEvent(stream, seq, { type: 3, data: { seq } });
    await until(() => agent.frames().length === 50);

    const stoppedAt = Date.now();
    shopper.sendJson({ t: 'stop' });
    // The page keeps sending (a buggy or hostile SDK): none of it may reach the agent.
    for (let seq = 50; seq < 100; seq++) shopper.sendEvent(stream, seq, { type: 3, data: { seq } });
    const ended = await agent.nextJson('ended', 1000);
    const endedMs = Date.now() - stoppedAt;
    expect(ended['reason']).toBe('shopper-stopped');
    expect((await agent.closed).code).toBe(CloseCode.sessionEnded);
    expect(endedMs).toBeLessThan(200);
    await new Promise((r) => setTimeout(r, 300));
    const after = agent.frames().filter((f) => f.seq >= 50);
    console.log(`[multi-node revoke] agent on node B told ${endedMs} ms after stop on node A; frames after stop: ${after.length}`);
    expect(after).toHaveLength(0);
    expect(agent.frames()).toHaveLength(50);
    expect(b.cluster!.agents.forwarded).toBe(forwardedBefore);
    expect(a.cluster!.agents.hosted).toBe(hostedBefore);
  });

  it('ends a session homed on node A through node B’s REST API, and answers its code with the reason', async () => {
    const { a, b } = nodes;
    const { shopper, code } = await openShopper(a);
    const response = await fetch(`${b.url}/api/sessions/${code}/end`, { method: 'POST', headers: { authorization: `Bearer ${b.token({ role: 'supervisor', sub: 'sup-1' })}` } });
    expect(response.status).toBe(200);
    expect(await shopper.nextJson('ended')).toMatchObject({ reason: 'agent-ended' });
    await until(() => a.registry.findByCode(code) === undefined);
    const late = await joinOn(b, code);
    expect(await late.nextJson('ended')).toMatchObject({ reason: 'agent-ended' });
    expect((await late.closed).code).toBe(CloseCode.sessionEnded);
  });

  it('merges a session’s audit trail from both nodes, each entry’s hash intact', async () => {
    const { a, b } = nodes;
    const { shopper, code, id } = await openShopper(a);
    const agent = await joinOn(b, code);
    await allowNext(shopper);
    await agent.nextJson('consent');
    agent.close();
    await until(() => a.registry.findByCode(code)?.viewerCount === 0);
    shopper.sendJson({ t: 'stop' });
    await shopper.closed;
    const read = (node: typeof a) => fetch(`${node.url}/api/sessions/${id}/audit`, { headers: { authorization: `Bearer ${node.token({ role: 'supervisor' })}` } });
    const response = await read(b);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { entries: Array<{ type: string }>; chainIntact: boolean };
    expect(body.chainIntact).toBe(true);
    expect(body.entries.map((e) => e.type)).toEqual([
      'session.created',
      'consent.requested',
      'consent.granted',
      'viewer.joined',
      'viewer.left',
      'consent.revoked',
      'session.ended',
    ]);
  });

  it('moves the session to node B when its page reconnects there, and re-admits both agents without a dialog', async () => {
    const { a, b } = nodes;
    const { shopper, code, resumeToken } = await openShopper(a);
    const onA = await joinOn(a, code);
    await allowNext(shopper);
    await onA.nextJson('consent');
    const onB = await joinOn(b, code, 'agent-bob');
    await allowNext(shopper);
    await onB.nextJson('consent');

    const page = await connectClient(b.wsUrl('/ws/shopper?site=demo'), b.url);
    page.sendJson({ t: 'resume', resumeToken });
    expect(await page.nextJson('session')).toMatchObject({ code, state: 'live' });
    // The old page is replaced; both agents are sent to reconnect, which brings them to node B.
    expect((await shopper.closed).code).toBe(CloseCode.sessionEnded);
    expect((await onA.closed).code).toBe(1012);
    expect((await onB.closed).code).toBe(1012);
    await until(() => a.registry.findByCode(code) === undefined && b.registry.findByCode(code) !== undefined);
    const againOnA = await joinOn(a, code);
    const againOnB = await joinOn(b, code, 'agent-bob');
    expect(await againOnA.nextJson('consent')).toMatchObject({ allow: true });
    expect(await againOnB.nextJson('consent')).toMatchObject({ allow: true });
    expect(page.received.some((m) => m.kind === 'json' && m.value['t'] === 'join-request')).toBe(false);
    page.sendJson({ t: 'stop' });
    expect((await againOnA.closed).code).toBe(CloseCode.sessionEnded);
    expect((await againOnB.closed).code).toBe(CloseCode.sessionEnded);
  });

  it('reports Redis in /readyz', async () => {
    const response = await fetch(`${nodes.b.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ready: true, checks: { redis: 'ok' } });
  });
});
