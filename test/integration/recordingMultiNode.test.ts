/**
 * Recordings with several nodes (Redis + PostgreSQL): a session recorded on node A whose page
 * moves to node B goes on in the same recording, which either node lists and plays back whole,
 * and each node's audit chain vouches for the chunks it wrote.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_NOTICE_VERSION } from '../../protocol/messages';
import { readRecordingBody } from '../../protocol/recording';
import { useTestDatabase } from '../helpers/postgresDatabase';
import { auditEntries } from '../helpers/recordedSession';
import { startRedisServer, type RedisServer } from '../helpers/redisServer';
import { connectClient, until } from '../helpers/relayClient';
import { joinOn, openShopper, startTwoNodes, type TwoNodes } from '../helpers/twoNodes';

const run = promisify(execFile);

describe('recordings on two nodes', () => {
  const database = useTestDatabase();
  let redis: RedisServer;
  let nodes: TwoNodes;

  beforeAll(async () => {
    redis = await startRedisServer();
    nodes = await startTwoNodes(redis.url, 'recmulti', {
      LOOKALONG_RECORDINGS: 'demo=30',
      LOOKALONG_RECORDING_KEY: 'e5'.repeat(32),
      LOOKALONG_DATABASE_URL: database.url,
    });
  });
  afterAll(async () => {
    await nodes?.close();
    await redis?.close();
  });

  it('keeps one recording across a handover from node A to node B', { timeout: 30_000 }, async () => {
    const { a, b } = nodes;
    const { shopper, code, stream, resumeToken } = await openShopper(a);
    const agent = await joinOn(b, code);
    const request = await shopper.nextJson('join-request');
    expect(request['record']).toStrictEqual({ days: 30, on: false });
    shopper.sendJson({ t: 'consent', requestId: request['requestId'], allow: true, notice: CONSENT_NOTICE_VERSION, record: true });
    const { id } = (await shopper.nextJson('recording')) as { id: string };
    await agent.nextJson('consent');
    shopper.sendEvent(stream, 0, { type: 4, data: { text: 'on-node-a' }, timestamp: 1 }, 2);
    await until(() => agent.frames().length === 1);

    // The page reconnects to node B: the session (and its recording) moves there.
    const page = await connectClient(b.wsUrl('/ws/shopper?site=demo'), b.url);
    page.sendJson({ t: 'resume', resumeToken });
    const resumed = await page.nextJson('session');
    expect(await page.nextJson('recording')).toMatchObject({ id });
    await until(() => b.registry.findByCode(code) !== undefined);
    page.sendEvent(resumed['stream'] as number, 0, { type: 4, data: { text: 'on-node-b' }, timestamp: 2 }, 2);
    await new Promise((r) => setTimeout(r, 200));
    page.sendJson({ t: 'stop' });
    await until(() => auditEntries(b.auditFile).some((e) => e.type === 'recording.stopped' && e.detail?.['recording'] === id), 5000);

    for (const node of [a, b]) {
      const listed = (await (await fetch(`${node.url}/api/recordings`, { headers: { Authorization: `Bearer ${node.token({ role: 'supervisor' })}` } })).json()) as { recordings: Array<{ id: string }> };
      expect(listed.recordings.map((r) => r.id)).toContain(id);
    }
    const response = await fetch(`${a.url}/api/recordings/${id}`, { headers: { Authorization: `Bearer ${a.token({ role: 'supervisor' })}` } });
    expect(response.status).toBe(200);
    const frames = readRecordingBody(await response.json()).items.flatMap((item) => (item.kind === 'frame' ? [Buffer.from(item.data, 'base64').toString('utf8')] : []));
    expect(frames.some((text) => text.includes('on-node-a'))).toBe(true);
    expect(frames.some((text) => text.includes('on-node-b'))).toBe(true);
    // Each node's chain holds the chunks it wrote, and they verify against the shared store.
    const chunkIndexes = [a, b].flatMap((node) => auditEntries(node.auditFile).filter((e) => e.type === 'recording.chunk').map((e) => e.detail!['index']));
    expect([...chunkIndexes].sort()).toEqual(chunkIndexes.map((_, i) => i));
    for (const logs of [[a.auditFile], [b.auditFile], [a.auditFile, b.auditFile]]) {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'server/src/audit/verifyCli.ts', ...logs], { env: { ...process.env, LOOKALONG_DATABASE_URL: database.url }, timeout: 30_000 });
      expect(stdout).toContain('audit chain intact');
    }
    page.close();
  });
});
