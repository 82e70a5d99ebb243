/** Opens a real session over real sockets: shopper hello, agent join, shopper consents. */
import { CONSENT_NOTICE_VERSION } from '../../protocol/messages';
import { connectClient, type RelayClient } from './relayClient';
import type { TestServer } from './testServer';

/** A consented session: the shopper socket and its first agent. */
export interface LiveSession {
  shopper: RelayClient;
  agent: RelayClient;
  code: string;
  stream: number;
}

/** Joins `code` as another agent (`sub`) and has the shopper allow it. */
export async function joinConsented(server: TestServer, shopper: RelayClient, code: string, sub = 'agent-alice'): Promise<RelayClient> {
  const agent = await connectClient(server.wsUrl('/ws/agent'), server.url);
  agent.sendJson(server.join(code, sub === 'agent-alice' ? {} : { sub, name: sub }));
  const request = await shopper.nextJson('join-request');
  shopper.sendJson({ t: 'consent', requestId: request['requestId'], allow: true, notice: CONSENT_NOTICE_VERSION });
  await agent.nextJson('consent');
  return agent;
}

/** Opens a shopper session (language `lang`) and admits one consented agent. */
export async function openLiveSession(server: TestServer, lang = 'en'): Promise<LiveSession> {
  const shopper = await connectClient(server.wsUrl('/ws/shopper?site=demo'), server.url);
  shopper.sendJson({ t: 'hello', lang });
  const session = await shopper.nextJson('session');
  const code = session['code'] as string;
  const agent = await joinConsented(server, shopper, code);
  return { shopper, agent, code, stream: session['stream'] as number };
}
