/**
 * Which audit entries become webhook events, and the event body:
 * `{id, type, site, session, at, data}`. Only facts the shop's own backend needs leave:
 * never page data, tokens or the session code.
 */
import { randomUUID } from 'node:crypto';
import type { AuditEntry, AuditEventType } from '../audit/auditLog';

/** Event types a site's receiver gets. */
const WEBHOOK_EVENT_TYPES = ['session.waiting', 'consent.granted', 'consent.denied', 'consent.revoked', 'session.ended'] as const;
/** One webhook event type. */
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The JSON body POSTed to a receiver. */
export interface WebhookEvent {
  /** Unique per event (receivers deduplicate retries with it). */
  id: string;
  type: WebhookEventType;
  site: string;
  /** The session's id (UUID), as in `POST /api/sessions`' answer and the audit trail. */
  session: string;
  /** When it happened (the audit entry's time, ISO 8601). */
  at: string;
  /** `by` (who did it: `shopper`, `site-api`, `relay` or an agent id) and the event's own facts. */
  data: Record<string, string | number | boolean>;
}

/** Audit entry type → webhook type, for the entries that become events. */
const EVENT_OF: Partial<Record<AuditEventType, WebhookEventType>> = {
  'session.created': 'session.waiting',
  'consent.granted': 'consent.granted',
  'consent.denied': 'consent.denied',
  'consent.revoked': 'consent.revoked',
  'session.ended': 'session.ended',
};

/** Detail fields each event carries over from its audit entry. */
const DATA_FIELDS: Record<WebhookEventType, readonly string[]> = {
  'session.waiting': ['lang'],
  'consent.granted': ['agent', 'agentName', 'scopes', 'ttlMs', 'record'],
  'consent.denied': ['agent'],
  'consent.revoked': [],
  'session.ended': ['reason'],
};

/** The webhook event of an audit entry, or null when that kind of entry is not one. */
export function webhookEventOf(entry: AuditEntry): WebhookEvent | null {
  const type = EVENT_OF[entry.type];
  if (!type) return null;
  const data: WebhookEvent['data'] = { by: entry.actor };
  for (const field of DATA_FIELDS[type]) {
    const value = entry.detail?.[field];
    if (value !== undefined) data[field] = value;
  }
  return { id: randomUUID(), type, site: entry.site, session: entry.session, at: entry.ts, data };
}
