/** Starts a real Lookalong server on 127.0.0.1 with a random port for a test file. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JoinMessage } from '../../protocol/agentMessages';
import { signAgentToken, verifyAgentToken, type AgentTokenClaims } from '../../server/src/auth/agentToken';
import { loadConfig, type Config } from '../../server/src/config';
import { startLookalongServer, type LookalongServer } from '../../server/src/lookalongServer';

/** Secret used by every test server (32+ bytes). */
export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123';

/** A running test server plus helpers. */
export interface TestServer extends LookalongServer {
  config: Config;
  auditFile: string;
  sessionStoreFile: string;
  /** Signs an agent token valid for this server. */
  token(claims?: Partial<AgentTokenClaims>, expiresInSeconds?: number): string;
  /** A one-time agent-socket ticket for such a token, issued in-process exactly as `POST /api/tickets` does. */
  ticket(claims?: Partial<AgentTokenClaims>, expiresInSeconds?: number): string;
  /** An agent socket's first message: join `code` with a fresh ticket for a token with `claims`. */
  join(code: string, claims?: Partial<AgentTokenClaims>): JoinMessage;
  /** `POST /api/tickets` over HTTP with `token` as the bearer; `origin` sets an Origin header. */
  requestTicket(token: string, origin?: string): Promise<{ status: number; body: Record<string, unknown> }>;
  /** ws:// URL of an endpoint. */
  wsUrl(path: string): string;
}

/** Starts a server; `env` overrides settings (e.g. LOOKALONG_RESUME_GRACE_MS). */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'lookalong-test-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOOKALONG_JWT_SECRET: TEST_JWT_SECRET,
    LOOKALONG_AUDIT_FILE: join(dir, 'audit.jsonl'),
    LOOKALONG_SESSION_STORE_FILE: join(dir, 'sessions.json'),
    ...env,
  });
  const server = await startLookalongServer(config);
  const token = (claims: Partial<AgentTokenClaims> = {}, expiresInSeconds = 3600): string =>
    signAgentToken({ sub: 'agent-alice', name: 'Alice', org: 'Support', ...claims }, TEST_JWT_SECRET, expiresInSeconds, config.agentTokens.issuer);
  const ticket = (claims: Partial<AgentTokenClaims> = {}, expiresInSeconds = 3600): string => {
    const issued = server.tickets.issue(verifyAgentToken(token(claims, expiresInSeconds), config.agentTokens));
    if ('refused' in issued) throw new Error(`ticket refused: ${issued.refused}`);
    return issued.ticket;
  };
  return {
    ...server,
    config,
    auditFile: config.auditFile,
    sessionStoreFile: config.sessionStoreFile,
    token,
    ticket,
    join: (code, claims = {}) => ({ t: 'join', ticket: ticket(claims), code }),
    requestTicket: async (bearer, origin) => {
      const headers: Record<string, string> = { authorization: `Bearer ${bearer}` };
      if (origin) headers['origin'] = origin;
      const response = await fetch(`${server.url}/api/tickets`, { method: 'POST', headers });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    wsUrl: (path) => `${server.url.replace('http', 'ws')}${path}`,
  };
}
