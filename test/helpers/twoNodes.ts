/** Two real Lookalong servers in this process, sharing one Redis under a test's own key prefix: node A and node B. */
import { CONSENT_NOTICE_VERSION } from '../../protocol/messages';
import { connectClient, type RelayClient } from './relayClient';
import { uniquePrefix } from './redisServer';
import { startTestServer, type TestServer } from './testServer';

/** Node A and node B. */
export interface TwoNodes {
  a: TestServer;
  b: TestServer;
  /** The Redis key prefix both use. */
  prefix: string;
  close(): Promise<void>;
}

/** The environment of one node of a multi-node deployment. */
export function nodeEnv(redisUrl: string, prefix: string, nodeId: string, extra: Record<string, string> = {}): Record<string, string> {
  return { LOOKALONG_REDIS_URL: redisUrl, LOOKALONG_REDIS_PREFIX: prefix, LOOKALONG_NODE_ID: nodeId, LOOKALONG_LOG_LEVEL: 'silent', ...extra };
}

/** Starts nodes A and B on `redisUrl`; `env` applies to both. */
export async function startTwoNodes(redisUrl: string, name: string, env: Record<string, string> = {}): Promise<TwoNodes> {
  const prefix = uniquePrefix(name);
  const a = await startTestServer(nodeEnv(redisUrl, prefix, `${name}-a`, env));
  const b = await startTestServer(nodeEnv(redisUrl, prefix, `${name}-b`, env));
  return { a, b, prefix, close: async () => void (await Promise.allSettled([a.close(), b.close()])) };
}

/** A shopper on `home` with a waiting session. */
export async function openShopper(home: TestServer): Promise<{ shopper: RelayClient; code: string; stream: number; resumeToken: string; id: string }> {
  const shopper = await connectClient(home.wsUrl('/ws/shopper?site=demo'), home.url);
  shopper.sendJson({ t: 'hello', lang: 'en' });
  const session = await shopper.nextJson('session');
  const code = session['code'] as string;
  return { shopper, code, stream: session['stream'] as number, resumeToken: session['resumeToken'] as string, id: home.registry.findByCode(code)!.id };
}

/** An agent socket on `node` joining `code` with a ticket from `ticketNode`'s `POST /api/tickets`. */
export async function joinOn(node: TestServer, code: string, sub = 'agent-alice', ticketNode = node): Promise<RelayClient> {
  const agent = await connectClient(node.wsUrl('/ws/agent'), node.url);
  const issued = await ticketNode.requestTicket(ticketNode.token(sub === 'agent-alice' ? {} : { sub, name: sub }));
  agent.sendJson({ t: 'join', ticket: issued.body['ticket'], code });
  return agent;
}

/** Has the shopper allow the next join request. */
export async function allowNext(shopper: RelayClient): Promise<void> {
  const request = await shopper.nextJson('join-request');
  shopper.sendJson({ t: 'consent', requestId: request['requestId'], allow: true, notice: CONSENT_NOTICE_VERSION });
}

/** A live cross-node session: the shopper on node A, a consented agent on node B. */
export async function openCrossNodeSession(nodes: TwoNodes): Promise<Awaited<ReturnType<typeof openShopper>> & { agent: RelayClient }> {
  const opened = await openShopper(nodes.a);
  const agent = await joinOn(nodes.b, opened.code);
  await allowNext(opened.shopper);
  await agent.nextJson('consent');
  return { ...opened, agent };
}
