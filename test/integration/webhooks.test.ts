/**
 * Webhooks against a real receiver on loopback: a real session's lifecycle arrives in order,
 * every request is signed over its raw body, a receiver failing the first two attempts gets
 * the third, and outcomes (retries, give-ups, drops) show in /metrics.
 */
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { CONSENT_NOTICE_VERSION } from '../../protocol/messages';
import { logger } from '../../server/src/ops/logger';
import { openLiveSession } from '../helpers/liveSession';
import { metricValue, scrape } from '../helpers/metricsText';
import { connectClient, until } from '../helpers/relayClient';
import { startTestServer, type TestServer } from '../helpers/testServer';
import { startWebhookReceiver, type ReceivedHook, type WebhookReceiver } from '../helpers/webhookReceiver';

const SITE_SECRET = 'site-secret-for-the-demo-shop-0123456789';

const initialLogLevel = logger.level;
let server: TestServer | undefined;
let receiver: WebhookReceiver | undefined;

afterEach(async () => {
  logger.level = initialLogLevel;
  await server?.close();
  await receiver?.close();
  server = undefined;
  receiver = undefined;
});

/** Checks the Lookalong-Signature header independently of the server's code. */
function signatureHolds(hook: ReceivedHook, secret: string): boolean {
  const header = String(hook.headers['lookalong-signature'] ?? '');
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${hook.body}`).digest('hex');
  return match[2] === expected && Math.abs(Date.now() / 1000 - Number(match[1])) < 60;
}

const typesOf = (hooks: ReceivedHook[]): string[] => hooks.map((hook) => (JSON.parse(hook.body) as { type: string }).type);

async function start(statusFor: (n: number) => number, env: Record<string, string> = {}): Promise<{ server: TestServer; receiver: WebhookReceiver }> {
  receiver = await startWebhookReceiver(statusFor);
  server = await startTestServer({
    LOOKALONG_SITE_SECRETS: `demo=${SITE_SECRET}`,
    LOOKALONG_WEBHOOKS: `demo=${receiver.url}`,
    LOOKALONG_WEBHOOK_BACKOFF_MS: '20',
    ...env,
  });
  return { server, receiver };
}

describe('webhooks', () => {
  it('delivers a session\'s lifecycle in order, signed, retrying a receiver that fails twice', async () => {
    const { server, receiver } = await start((n) => (n <= 2 ? 503 : 200));
    const { shopper, code } = await openLiveSession(server);
    shopper.sendJson({ t: 'stop' });
    await until(() => receiver.received.filter((hook) => hook.status === 200).length === 4, 5000);

    const [first, second, third] = receiver.received;
    expect([first!.status, second!.status, third!.status]).toEqual([503, 503, 200]);
    // The same event, attempted three times.
    expect(new Set([first!.body, second!.body, third!.body]).size).toBe(1);
    expect(typesOf(receiver.received.filter((hook) => hook.status === 200))).toEqual(['session.waiting', 'consent.granted', 'consent.revoked', 'session.ended']);
    for (const hook of receiver.received) {
      expect(signatureHolds(hook, SITE_SECRET)).toBe(true);
      expect(hook.headers['content-type']).toBe('application/json');
    }

    const events = receiver.received.filter((hook) => hook.status === 200).map((hook) => JSON.parse(hook.body) as Record<string, unknown>);
    const sessionId = events[0]!['session'];
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    for (const event of events) {
      expect(Object.keys(event).sort()).toEqual(['at', 'data', 'id', 'session', 'site', 'type']);
      expect(event).toMatchObject({ site: 'demo', session: sessionId });
      expect(JSON.stringify(event)).not.toContain(code);
    }
    expect(new Set(events.map((event) => event['id'])).size).toBe(4);
    expect(events[1]!['data']).toMatchObject({ by: 'shopper', agent: 'agent-alice', agentName: 'Alice', scopes: 'view-tab,annotate' });
    expect(events[3]!['data']).toEqual({ by: 'shopper', reason: 'shopper-stopped' });

    const metrics = await scrape(server.url);
    expect(metricValue(metrics, 'lookalong_webhook_deliveries_total', { site: 'demo', result: 'retried' })).toBe(2);
    expect(metricValue(metrics, 'lookalong_webhook_deliveries_total', { site: 'demo', result: 'delivered' })).toBe(4);
    expect(metricValue(metrics, 'lookalong_webhook_queue_depth', { site: 'demo' })).toBe(0);
  });

  it('reports a denial, signed with a dedicated webhook secret', async () => {
    const hookSecret = 'dedicated-webhook-signing-secret-0123456789';
    const { server, receiver } = await start(() => 200, { LOOKALONG_WEBHOOK_SECRETS: `demo=${hookSecret}` });
    const shopper = await connectClient(server.wsUrl('/ws/shopper?site=demo'), server.url);
    shopper.sendJson({ t: 'hello', lang: 'zh-CN' });
    const { code } = await shopper.nextJson('session');
    const agent = await connectClient(server.wsUrl('/ws/agent'), server.url);
    agent.sendJson(server.join(code as string));
    const request = await shopper.nextJson('join-request');
    shopper.sendJson({ t: 'consent', requestId: request['requestId'], allow: false, notice: CONSENT_NOTICE_VERSION });
    await until(() => receiver.received.length === 2, 5000);
    expect(typesOf(receiver.received)).toEqual(['session.waiting', 'consent.denied']);
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ data: { by: 'shopper', lang: 'zh-CN' } });
    expect(JSON.parse(receiver.received[1]!.body)).toMatchObject({ data: { by: 'shopper', agent: 'agent-alice' } });
    for (const hook of receiver.received) {
      expect(signatureHolds(hook, hookSecret)).toBe(true);
      expect(signatureHolds(hook, SITE_SECRET)).toBe(false);
    }
    shopper.close();
    agent.close();
  });

  it('gives up after the last attempt and drops the oldest waiting event when the queue is full, counting both', async () => {
    const { server, receiver } = await start(() => 500, { LOOKALONG_WEBHOOK_MAX_ATTEMPTS: '2', LOOKALONG_WEBHOOK_QUEUE_MAX: '2' });
    // The give-ups and the drop are logged as warnings; this test expects them.
    logger.level = 'silent';
    // Three sessions opened at once: waiting events 1 (in flight), 2, 3 → event 2 is dropped.
    const shoppers = await Promise.all([0, 1, 2].map(() => connectClient(server.wsUrl('/ws/shopper?site=demo'), server.url)));
    for (const shopper of shoppers) shopper.sendJson({ t: 'hello', lang: 'en' });
    await Promise.all(shoppers.map((shopper) => shopper.nextJson('session')));
    let metrics = '';
    const outcome = (result: string): number | undefined => metricValue(metrics, 'lookalong_webhook_deliveries_total', { site: 'demo', result });
    for (let i = 0; i < 100 && outcome('failed') !== 2; i++) {
      metrics = await scrape(server.url);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(outcome('failed')).toBe(2);
    expect(outcome('dropped')).toBe(1);
    expect(outcome('retried')).toBe(2);
    expect(receiver.received).toHaveLength(4);
    for (const shopper of shoppers) shopper.close();
  });
});
