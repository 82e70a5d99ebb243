/** The pure parts of webhooks: signature, backoff delays and which audit entries become events. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../server/src/audit/auditLog';
import { backoffDelayMs, MAX_BACKOFF_MS } from '../../server/src/webhooks/webhookBackoff';
import { webhookEventOf } from '../../server/src/webhooks/webhookEvent';
import { signWebhook } from '../../server/src/webhooks/webhookSignature';

const SECRET = 'w'.repeat(32);
const BODY = '{"id":"1","type":"session.ended"}';

describe('webhook signature', () => {
  it('is t=<unix>,v1=<hex HMAC-SHA256 of "t.body"> with the secret', () => {
    const expected = createHmac('sha256', SECRET).update(`1700000000.${BODY}`).digest('hex');
    expect(signWebhook(BODY, SECRET, 1_700_000_000)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('changes with the body, the secret and the time', () => {
    const header = signWebhook(BODY, SECRET, 1000);
    expect(signWebhook(`${BODY} `, SECRET, 1000)).not.toBe(header);
    expect(signWebhook(BODY, 'x'.repeat(32), 1000)).not.toBe(header);
    expect(signWebhook(BODY, SECRET, 1001).split(',')[1]).not.toBe(header.split(',')[1]);
  });
});

describe('webhook backoff', () => {
  it('doubles from the base with the upper half random', () => {
    expect(backoffDelayMs(1, 1000, 0)).toBe(500);
    expect(backoffDelayMs(1, 1000, 0.999999)).toBe(1000);
    expect(backoffDelayMs(2, 1000, 0)).toBe(1000);
    expect(backoffDelayMs(3, 1000, 0.5)).toBe(3000);
  });

  it('never waits longer than the cap', () => {
    expect(backoffDelayMs(30, 1000, 0.999999)).toBe(MAX_BACKOFF_MS);
    expect(backoffDelayMs(30, 1000, 0)).toBe(MAX_BACKOFF_MS / 2);
  });
});

describe('webhook events from audit entries', () => {
  const entry = (type: AuditEntry['type'], actor: string, detail?: AuditEntry['detail']): AuditEntry => ({
    ts: '2026-01-01T00:00:00.000Z', prev: '0', hash: '1', type, session: 'a-session', site: 'demo', actor, ...(detail ? { detail } : {}),
  });

  it('turns the five lifecycle entries into events with only their own facts', () => {
    const cases: Array<[AuditEntry, string, Record<string, unknown>]> = [
      [entry('session.created', 'site-api', { lang: 'en' }), 'session.waiting', { by: 'site-api', lang: 'en' }],
      [entry('consent.granted', 'shopper', { agent: 'alice', agentName: 'Alice', scopes: 'view-tab,annotate', notice: 'v1', lang: 'en', ttlMs: 1000 }), 'consent.granted', { by: 'shopper', agent: 'alice', agentName: 'Alice', scopes: 'view-tab,annotate', ttlMs: 1000 }],
      [entry('consent.denied', 'shopper', { agent: 'alice', notice: 'v1' }), 'consent.denied', { by: 'shopper', agent: 'alice' }],
      [entry('consent.revoked', 'shopper'), 'consent.revoked', { by: 'shopper' }],
      [entry('session.ended', 'agent', { reason: 'agent-ended', annotations: 3 }), 'session.ended', { by: 'agent', reason: 'agent-ended' }],
    ];
    for (const [source, type, data] of cases) {
      const event = webhookEventOf(source);
      expect(event).toMatchObject({ type, site: 'demo', session: 'a-session', at: '2026-01-01T00:00:00.000Z' });
      expect(event?.data).toEqual(data);
      expect(event?.id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('ignores every other entry', () => {
    for (const type of ['consent.requested', 'consent.extended', 'consent.expired', 'viewer.joined', 'viewer.left', 'annotation.sent', 'annotation.removed', 'annotations.cleared', 'annotations.dismissed'] as const) {
      expect(webhookEventOf(entry(type, 'x'))).toBeNull();
    }
  });
});
