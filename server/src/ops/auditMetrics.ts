/** Session and consent event counters, fed by the audit log as it records (one place, no extra calls in the relay). */
import { Counter, type Registry } from 'prom-client';
import type { AuditEntry } from '../audit/auditLog';
import { SITE_API_ACTOR } from '../api/siteSecretAuth';

/** Audit entry types counted as consent events, with their label. */
const CONSENT_EVENTS: Readonly<Record<string, string>> = {
  'consent.requested': 'requested',
  'consent.granted': 'granted',
  'consent.denied': 'denied',
  'consent.revoked': 'revoked',
  'consent.expired': 'expired',
  'consent.extended': 'extended',
};

/** Registers the counters in `registry`; returns the audit listener that feeds them. */
export function registerAuditMetrics(registry: Registry): (entry: AuditEntry) => void {
  const consent = new Counter({
    name: 'lookalong_consent_events_total',
    help: 'Consent events by kind: requested, granted, denied, revoked (shopper stopped), expired, extended.',
    labelNames: ['event'],
    registers: [registry],
  });
  const created = new Counter({
    name: 'lookalong_sessions_created_total',
    help: 'Sessions opened, by who opened them: shopper (the SDK) or site-api (POST /api/sessions).',
    labelNames: ['by'],
    registers: [registry],
  });
  const ended = new Counter({
    name: 'lookalong_sessions_ended_total',
    help: 'Sessions ended, by reason.',
    labelNames: ['reason'],
    registers: [registry],
  });
  return (entry) => {
    const event = CONSENT_EVENTS[entry.type];
    if (event) consent.inc({ event });
    else if (entry.type === 'session.created') created.inc({ by: entry.actor === SITE_API_ACTOR ? SITE_API_ACTOR : 'shopper' });
    else if (entry.type === 'session.ended') ended.inc({ reason: String(entry.detail?.['reason'] ?? 'unknown') });
  };
}
