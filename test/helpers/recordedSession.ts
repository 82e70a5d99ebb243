/** Recorded help sessions over real sockets, for the recordings tests. */
import { existsSync, readFileSync } from 'node:fs';
import { CONSENT_NOTICE_VERSION } from '../../protocol/messages';
import type { AuditEntry } from '../../server/src/audit/auditLog';
import { connectClient, until, type RelayClient } from './relayClient';
import type { TestServer } from './testServer';

/** A consented session; `recording` is the relay's `recording` message when the switch was on. */
export interface ConsentedSession {
  shopper: RelayClient;
  agent: RelayClient;
  stream: number;
  code: string;
  resumeToken: string;
  /** The `record` offer the join request carried. */
  offer: unknown;
  recording: Record<string, unknown> | null;
}

/**
 * A shopper of site `demo` with a session and one agent it allowed, with the recording switch at
 * `record` (undefined: the answer leaves it out). A frame sent before consent is refused by the relay.
 */
export async function consentedSession(server: TestServer, record: boolean | undefined): Promise<ConsentedSession> {
  const shopper = await connectClient(server.wsUrl('/ws/shopper?site=demo'), server.url);
  shopper.sendJson({ t: 'hello', lang: 'en' });
  const session = await shopper.nextJson('session');
  const stream = session['stream'] as number;
  shopper.sendEvent(stream, 0, { type: 2, secret: 'before-consent' }, 2);
  const agent = await connectClient(server.wsUrl('/ws/agent'), server.url);
  agent.sendJson(server.join(session['code'] as string, { role: 'agent' }));
  const request = await shopper.nextJson('join-request');
  shopper.sendJson({ t: 'consent', requestId: request['requestId'], allow: true, notice: CONSENT_NOTICE_VERSION, ...(record === undefined ? {} : { record }) });
  await agent.nextJson('consent');
  const recording = record ? await shopper.nextJson('recording') : null;
  return { shopper, agent, stream, code: session['code'] as string, resumeToken: session['resumeToken'] as string, offer: request['record'], recording };
}

/** Every entry of an audit log file (none while the file does not exist yet). */
export function auditEntries(file: string): AuditEntry[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as AuditEntry);
}

/** Waits until recording `id` is closed (`recording.stopped` written: its chunks are stored). */
export function recordingStored(auditFile: string, id: string, timeoutMs = 5000): Promise<void> {
  return until(() => auditEntries(auditFile).some((e) => e.type === 'recording.stopped' && e.detail?.['recording'] === id), timeoutMs);
}
