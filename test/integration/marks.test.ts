/**
 * Marks over real sockets: removal and clearing from the consented agent, the shopper's
 * "Hide marks" back to every agent, laser bursts kept out of the audit, ping/pong, and the
 * viewer list sent to agents as well as the shopper.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../server/src/audit/auditLog';
import { joinConsented, openLiveSession, type LiveSession } from '../helpers/liveSession';
import { connectClient, until, type RelayClient } from '../helpers/relayClient';
import { startTestServer, type TestServer } from '../helpers/testServer';

const ALICE = { id: 'agent-alice', name: 'Alice', org: 'Support' };
const rect = (id: string, stream: number): object => ({ id, shape: 'rect', color: '#ff5a1f', stream, anchor: null, box: { x: 10, y: 20, w: 100, h: 40 } });
const laser = (id: string, stream: number, n: number): object => ({
  id,
  shape: 'laser',
  color: '#d92d20',
  stream,
  anchor: null,
  box: { x: 0, y: 0, w: 400, h: 300 },
  points: [{ x: n / 100, y: 0.5 }],
});

describe('marks on the relay', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  /** Audit entries of the live session with `code`. */
  const auditOf = (code: string): AuditEntry[] => {
    const session = server.registry.findByCode(code)?.id;
    const text = existsSync(server.auditFile) ? readFileSync(server.auditFile, 'utf8') : '';
    return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as AuditEntry).filter((e) => e.session === session);
  };
  const jsonOf = (client: RelayClient, t: string): Array<Record<string, unknown>> =>
    client.received.flatMap((r) => (r.kind === 'json' && r.value['t'] === t ? [r.value] : []));
  const closeAll = (...clients: RelayClient[]): void => clients.forEach((c) => c.close());

  it('forwards unannotate and clear-marks as remove / clear signed with the agent, and audits them', async () => {
    const { shopper, agent, code, stream }: LiveSession = await openLiveSession(server);
    agent.sendJson({ t: 'annotate', annotation: rect('m1', stream) });
    expect(await shopper.nextJson('annotation')).toMatchObject({ op: 'add', by: ALICE });
    const removalsBefore = server.counters.markRemovalsForwarded;

    agent.sendJson({ t: 'unannotate', id: 'm1' });
    expect(await shopper.nextJson('annotation')).toStrictEqual({ t: 'annotation', op: 'remove', id: 'm1', by: ALICE });
    agent.sendJson({ t: 'clear-marks' });
    expect(await shopper.nextJson('annotation')).toStrictEqual({ t: 'annotation', op: 'clear', by: ALICE });

    expect(server.counters.markRemovalsForwarded).toBe(removalsBefore + 2);
    const audit = auditOf(code);
    expect(audit.find((e) => e.type === 'annotation.removed')).toMatchObject({ actor: 'agent-alice', detail: { id: 'm1' } });
    expect(audit.find((e) => e.type === 'annotations.cleared')).toMatchObject({ actor: 'agent-alice' });
    closeAll(shopper, agent);
  });

  it('drops mark changes from an agent the shopper has not admitted', async () => {
    const { shopper, agent, code, stream } = await openLiveSession(server);
    const waiting = await connectClient(server.wsUrl('/ws/agent'), server.url);
    waiting.sendJson(server.join(code, { sub: 'agent-mallory', name: 'Mallory' }));
    await shopper.nextJson('join-request');
    const dropsBefore = server.counters.agentMessagesDropped;
    waiting.sendJson({ t: 'annotate', annotation: rect('m2', stream) });
    waiting.sendJson({ t: 'unannotate', id: 'm2' });
    waiting.sendJson({ t: 'clear-marks' });
    await until(() => server.counters.agentMessagesDropped === dropsBefore + 3);
    expect(jsonOf(shopper, 'annotation')).toHaveLength(0);
    expect(auditOf(code).filter((e) => e.actor === 'agent-mallory' && e.type.startsWith('annotation'))).toHaveLength(0);
    closeAll(shopper, agent, waiting);
  });

  it('answers ping with pong to that agent only, before consent too', async () => {
    const { shopper, agent, code } = await openLiveSession(server);
    const waiting = await connectClient(server.wsUrl('/ws/agent'), server.url);
    waiting.sendJson({ t: 'ping', n: 1 });
    expect(await waiting.nextJson('pong')).toStrictEqual({ t: 'pong', n: 1 });
    waiting.sendJson(server.join(code, { sub: 'agent-bob', name: 'Bob' }));
    await shopper.nextJson('join-request');
    waiting.sendJson({ t: 'ping', n: 4294967295 });
    expect(await waiting.nextJson('pong')).toStrictEqual({ t: 'pong', n: 4294967295 });
    agent.sendJson({ t: 'ping', n: 42 });
    expect(await agent.nextJson('pong')).toStrictEqual({ t: 'pong', n: 42 });
    await new Promise((r) => setTimeout(r, 50));
    expect(jsonOf(agent, 'pong')).toHaveLength(0);
    expect(jsonOf(waiting, 'pong')).toHaveLength(0);
    expect(jsonOf(shopper, 'pong')).toHaveLength(0);
    closeAll(shopper, agent, waiting);
  });

  it("tells every agent when the shopper hides the marks, and audits it as the shopper's act", async () => {
    const { shopper, agent, code } = await openLiveSession(server);
    const bob = await joinConsented(server, shopper, code, 'agent-bob');
    shopper.sendJson({ t: 'dismiss' });
    expect(await agent.nextJson('dismissed')).toStrictEqual({ t: 'dismissed' });
    expect(await bob.nextJson('dismissed')).toStrictEqual({ t: 'dismissed' });
    expect(auditOf(code).filter((e) => e.type === 'annotations.dismissed')).toMatchObject([{ actor: 'shopper' }]);
    closeAll(shopper, agent, bob);
  });

  it('ignores a dismiss before anyone is watching', async () => {
    const shopper = await connectClient(server.wsUrl('/ws/shopper?site=demo'), server.url);
    shopper.sendJson({ t: 'hello', lang: 'en' });
    const { code } = await shopper.nextJson('session');
    shopper.sendJson({ t: 'dismiss' });
    shopper.sendJson({ t: 'extend' });
    await new Promise((r) => setTimeout(r, 50));
    expect(auditOf(code as string).map((e) => e.type)).toEqual(['session.created']);
    expect(shopper.ws.readyState).toBe(shopper.ws.OPEN);
    shopper.close();
  });

  it('sends the viewer list to every agent as well as the shopper', async () => {
    const { shopper, agent, code } = await openLiveSession(server);
    expect((await agent.nextJson('viewers'))['viewers']).toStrictEqual([ALICE]);
    const bob = await joinConsented(server, shopper, code, 'agent-bob');
    const both = [ALICE, { id: 'agent-bob', name: 'agent-bob', org: 'Support' }];
    expect((await agent.nextJson('viewers'))['viewers']).toStrictEqual(both);
    expect((await bob.nextJson('viewers'))['viewers']).toStrictEqual(both);
    bob.close();
    expect((await agent.nextJson('viewers'))['viewers']).toStrictEqual([ALICE]);
    expect(jsonOf(shopper, 'viewers').at(-1)?.['viewers']).toBeDefined();
    closeAll(shopper, agent);
  });

  it('forwards every laser message but audits only the first of a burst', async () => {
    const { shopper, agent, code, stream } = await openLiveSession(server);
    const laserBefore = server.counters.laserForwarded;
    for (let n = 0; n < 20; n++) agent.sendJson({ t: 'annotate', annotation: laser('trail-1', stream, n) });
    await until(() => jsonOf(shopper, 'annotation').length === 20);
    expect(jsonOf(shopper, 'annotation').every((m) => m['op'] === 'add')).toBe(true);
    expect(server.counters.laserForwarded).toBe(laserBefore + 20);
    const sent = auditOf(code).filter((e) => e.type === 'annotation.sent');
    expect(sent).toMatchObject([{ actor: 'agent-alice', detail: { shape: 'laser', id: 'trail-1' } }]);
    closeAll(shopper, agent);
  });
});
