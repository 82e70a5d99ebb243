/** The audit receipt of a consent grant. */
import { CONSENT_SCOPES } from '../../../protocol/messages';
import type { AuditEvent } from '../audit/auditLog';
import type { AgentIdentity } from '../auth/agentToken';

/**
 * Who may see what, under which notice, in which language, for how long, and whether the shopper
 * switched on keeping a recording (the entry's `ts` says when).
 */
export function consentReceipt(agent: AgentIdentity, notice: string, lang: string, ttlMs: number, record: boolean): NonNullable<AuditEvent['detail']> {
  return { agent: agent.id, agentName: agent.name, scopes: CONSENT_SCOPES, notice, lang, ttlMs, record };
}
