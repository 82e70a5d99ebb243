/**
 * Failures across nodes, against real Redis servers: a pub/sub message lost for real (the
 * nodes' subscriber connections killed in Redis) is recovered by the viewer's resync; a node
 * that dies (SIGKILL) leaves its session to the other, which resumes it without a new consent;
 * a Redis restart (empty) is survived, with one error line per node, not one per frame.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CloseCode } from '../../protocol/closeCodes';
import { logger } from '../../server/src/ops/logger';
import { connectClient, until, type RelayClient } from '../helpers/relayClient';
import { replayInOrder, streamFrames, type OrderedViewer } from '../helpers/recordingPeers';
import { startRedisServer, uniquePrefix, type RedisServer } from '../helpers/redisServer';
import { startServerProcess } from '../helpers/serverProcess';
import { startTestServer } from '../helpers/testServer';
import { allowNext, joinOn, nodeEnv, openCrossNodeSession, startTwoNodes } from '../helpers/twoNodes';

/** After the last gap, the viewer got a checkpoint and then every frame in order. */
function recoveredAfterLastGap(viewer: OrderedViewer): { gaps: number; framesAfter: number; continuous: boolean } {
  const { verdicts } = viewer;
  const lastGap = verdicts.map((v) => v.verdict).lastIndexOf('gap');
  const after = verdicts.slice(lastGap + 1);
  const checkpoint = after.findIndex((v) => v.verdict === 'checkpoint');
  const tail = after.slice(checkpoint);
  const continuous = checkpoint >= 0 && tail.every((v, i) => i === 0 || (v.verdict !== 'gap' && (v.verdict !== 'apply' || v.seq === tail[i - 1]!.seq + 1 || tail[i - 1]!.verdict === 'skip')));
  return { gaps: verdicts.filter((v) => v.verdict === 'gap').length, framesAfter: tail.length, continuous };
}

describe('multi-node failures', () => {
  let redis: RedisServer;

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.close();
  });

  it('recovers a message really lost on the bus: the viewer sees the gap, resyncs, and the replay continues in order', async () => {
    const nodes = await startTwoNodes(redis.url, 'loss');
    try {
      const { shopper, stream, agent } = await openCrossNodeSession(nodes);
      const viewer = replayInOrder(agent);
      const frames = streamFrames(shopper, stream, 2);
      await until(() => viewer.verdicts.length > 100, 5000);

      // Real loss: Redis drops every subscriber connection; what is published until the nodes resubscribe is gone.
      const killed = await redis.client.client('KILL', 'TYPE', 'pubsub');
      expect(Number(killed)).toBeGreaterThanOrEqual(2);
      await until(() => viewer.resyncs > 0, 5000);
      await until(() => recoveredAfterLastGap(viewer).framesAfter > 100, 5000);
      frames.stop();
      const outcome = recoveredAfterLastGap(viewer);
      console.log(`[bus loss] ${outcome.gaps} gap(s), ${viewer.resyncs} resync(s), ${frames.snapshotsSent} snapshot(s); ${outcome.framesAfter} frames in order after the last checkpoint`);
      expect(outcome.gaps).toBeGreaterThanOrEqual(1);
      expect(frames.snapshotsSent).toBeGreaterThanOrEqual(1);
      expect(outcome.continuous).toBe(true);
      expect(outcome.framesAfter).toBeGreaterThan(100);
      shopper.close();
      agent.close();
    } finally {
      await nodes.close();
    }
  });

  it('resumes a session on node B when node A dies mid-session, without a new consent', async () => {
    const prefix = uniquePrefix('death');
    const a = await startServerProcess(nodeEnv(redis.url, prefix, 'death-a', { LOOKALONG_LOG_LEVEL: 'warn' }));
    const b = await startTestServer(nodeEnv(redis.url, prefix, 'death-b'));
    try {
      const shopper = await connectClient(a.wsUrl('/ws/shopper?site=demo'), a.url);
      shopper.sendJson({ t: 'hello', lang: 'en' });
      const session = await shopper.nextJson('session');
      const code = session['code'] as string;
      const resumeToken = session['resumeToken'] as string;
      const agent = await joinOn(b, code);
      await allowNext(shopper);
      await agent.nextJson('consent');
      const frames = streamFrames(shopper, session['stream'] as number, 5);
      await until(() => agent.frames().length > 20, 5000);
      frames.stop();

      const killedAt = Date.now();
      await a.kill('SIGKILL');
      // Node B notices (heartbeat gone), adopts the session and sends its agent to reconnect.
      expect((await agent.closed).code).toBe(1012);
      await until(() => b.registry.findByCode(code) !== undefined, 8000);
      console.log(`[node death] node B adopted the session ${Date.now() - killedAt} ms after node A was killed`);

      // The console reconnects (a new ticket) and is re-admitted: it consented before.
      const back = await joinOn(b, code);
      expect(await back.nextJson('consent')).toMatchObject({ allow: true });
      expect(await back.nextJson('shopper')).toMatchObject({ connected: false });

      // The SDK reconnects (here straight to node B) and resumes without a dialog.
      const page: RelayClient = await connectClient(b.wsUrl('/ws/shopper?site=demo'), b.url);
      page.sendJson({ t: 'resume', resumeToken });
      const resumed = await page.nextJson('session');
      expect(resumed).toMatchObject({ code, state: 'live' });
      await back.nextJson('shopper');
      const replay = replayInOrder(back);
      const again = streamFrames(page, resumed['stream'] as number, 5);
      await until(() => replay.verdicts.filter((v) => v.verdict === 'apply').length > 10, 5000);
      again.stop();
      expect(page.received.some((m) => m.kind === 'json' && m.value['t'] === 'join-request')).toBe(false);
      expect(replay.resyncs).toBe(0);
      page.close();
      back.close();
    } finally {
      await a.kill('SIGKILL');
      await b.close();
    }
  });

  it('hands a gracefully stopped node’s sessions to the other at once', async () => {
    const nodes = await startTwoNodes(redis.url, 'graceful');
    try {
      const { shopper, code, resumeToken } = await openCrossNodeSession(nodes);
      const stoppedAt = Date.now();
      await nodes.a.close();
      expect((await shopper.closed).code).toBe(1012);
      await until(() => nodes.b.registry.findByCode(code) !== undefined, 3000);
      const adoptedMs = Date.now() - stoppedAt;
      console.log(`[graceful stop] node B adopted the session ${adoptedMs} ms after node A began stopping`);
      expect(adoptedMs).toBeLessThan(2000);
      const page = await connectClient(nodes.b.wsUrl('/ws/shopper?site=demo'), nodes.b.url);
      page.sendJson({ t: 'resume', resumeToken });
      expect(await page.nextJson('session')).toMatchObject({ code, state: 'live' });
      page.close();
    } finally {
      await nodes.close();
    }
  });

  it('survives a Redis restart: nodes reconnect, the session carries on after a resync, one error line per node', async () => {
    const own = await startRedisServer();
    const errors = vi.spyOn(logger, 'error');
    const nodes = await startTwoNodes(own.url, 'restart');
    try {
      const { shopper, code, stream, agent } = await openCrossNodeSession(nodes);
      const viewer = replayInOrder(agent);
      const frames = streamFrames(shopper, stream, 5);
      await until(() => viewer.verdicts.length > 20, 5000);

      await own.stop();
      // Frames keep coming while Redis is down (about 200): none may be logged one by one.
      await new Promise((r) => setTimeout(r, 1000));
      await own.start();
      const ready = async (url: string): Promise<boolean> => (await fetch(`${url}/readyz`)).status === 200;
      await expect.poll(async () => (await ready(nodes.a.url)) && (await ready(nodes.b.url)), { timeout: 10_000, interval: 200 }).toBe(true);
      await until(() => viewer.resyncs > 0 && recoveredAfterLastGap(viewer).framesAfter > 50, 10_000);
      frames.stop();

      const outcome = recoveredAfterLastGap(viewer);
      const unreachable = errors.mock.calls.filter((call) => String(call[1]).startsWith('Redis unreachable'));
      console.log(`[redis restart] ${outcome.gaps} gap(s), ${viewer.resyncs} resync(s); ${unreachable.length} "Redis unreachable" line(s) for 2 nodes`);
      expect(unreachable).toHaveLength(2);
      expect(outcome.continuous).toBe(true);
      // The session is listed again (its keys were written anew after Redis came back empty).
      const listed = await fetch(`${nodes.b.url}/api/sessions`, { headers: { authorization: `Bearer ${nodes.b.token()}` } });
      expect(((await listed.json()) as { sessions: Array<{ code: string }> }).sessions.map((s) => s.code)).toContain(code);
      // A late agent still finds the session through node B.
      const late = await joinOn(nodes.b, code, 'agent-bob');
      await allowNext(shopper);
      expect(await late.nextJson('consent')).toMatchObject({ allow: true });
      shopper.sendJson({ t: 'stop' });
      expect((await late.closed).code).toBe(CloseCode.sessionEnded);
    } finally {
      errors.mockRestore();
      await nodes.close();
      await own.close();
    }
  });
});
