/**
 * A recording is bounded and never disturbs the session: past LOOKALONG_RECORDING_MAX_BYTES the
 * rest is not kept (audited), and a store that fails is audited while the agent keeps watching.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { webhookEventOf } from '../../server/src/webhooks/webhookEvent';
import { auditEntries, consentedSession } from '../helpers/recordedSession';
import { until } from '../helpers/relayClient';
import { startTestServer, type TestServer } from '../helpers/testServer';

const base = { LOOKALONG_SITES: JSON.stringify({ demo: ['http://127.0.0.1:*'] }), LOOKALONG_RECORDINGS: 'demo=7', LOOKALONG_RECORDING_KEY: 'c3'.repeat(32) };

describe('recording limits', () => {
  let server: TestServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  /** Streams `count` frames of about `bytes` random text (it does not compress); the agent gets them all. */
  async function stream(live: TestServer, count: number, bytes: number): Promise<{ id: string; delivered: number }> {
    const { shopper, agent, stream: s, recording } = await consentedSession(live, true);
    shopper.sendEvent(s, 0, { type: 4, data: {}, timestamp: 1 }, 2);
    for (let seq = 1; seq < count; seq++) shopper.sendEvent(s, seq, { type: 3, data: { text: randomBytes(bytes).toString('base64') }, timestamp: seq });
    await until(() => agent.frames().length === count, 10_000);
    const delivered = agent.frames().length;
    shopper.sendJson({ t: 'stop' });
    await agent.nextJson('ended');
    shopper.close();
    agent.close();
    return { id: recording!['id'] as string, delivered };
  }

  it('stops keeping past the byte cap, audited, while every frame still reaches the agent', async () => {
    server = await startTestServer({ ...base, LOOKALONG_RECORDINGS_DIR: mkdtempSync(join(tmpdir(), 'lookalong-cap-')), LOOKALONG_RECORDING_MAX_BYTES: '65536' });
    const live = server;
    const { id, delivered } = await stream(live, 40, 30_000);
    expect(delivered).toBe(40);
    await until(() => auditEntries(live.auditFile).some((e) => e.type === 'recording.truncated' && e.detail?.['recording'] === id), 5000);
    const meta = await live.recordings.meta(id);
    expect(meta!.bytes).toBeLessThanOrEqual(65536);
    expect(auditEntries(live.auditFile).find((e) => e.type === 'recording.truncated')!.detail!['reason']).toBe('past 65536 bytes');
  });

  it('audits a failing store and the session goes on', async () => {
    const blocker = join(mkdtempSync(join(tmpdir(), 'lookalong-broken-')), 'a-file');
    writeFileSync(blocker, 'not a directory');
    server = await startTestServer({ ...base, LOOKALONG_RECORDINGS_DIR: join(blocker, 'recordings') });
    const live = server;
    const { delivered } = await stream(live, 5, 3000);
    expect(delivered).toBe(5);
    await until(() => auditEntries(live.auditFile).some((e) => e.type === 'recording.truncated'), 5000);
    expect(auditEntries(live.auditFile).find((e) => e.type === 'recording.truncated')!.detail!['reason']).toBe('the recording store failed');
    expect(auditEntries(live.auditFile).some((e) => e.type === 'session.ended')).toBe(true);
  });

  it('tells the shop\'s webhook whether the shopper switched the recording on', () => {
    const entry = { ts: '2026-12-06T00:00:00.000Z', prev: '', hash: '', type: 'consent.granted' as const, session: 's', site: 'demo', actor: 'shopper', detail: { agent: 'a', agentName: 'A', scopes: 'view-tab,annotate', ttlMs: 1, record: true, notice: 'n' } };
    expect(webhookEventOf(entry)!.data).toStrictEqual({ by: 'shopper', agent: 'a', agentName: 'A', scopes: 'view-tab,annotate', ttlMs: 1, record: true });
  });
});
