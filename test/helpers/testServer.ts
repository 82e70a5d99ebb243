/** Starts a real Lookalong server on 127.0.0.1 with a random port for a test file. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signAgentToken, type AgentTokenClaims } from '../../server/src/auth/agentToken';
import { loadConfig } from '../../server/src/config';
import { startLookalongServer, type LookalongServer } from '../../server/src/lookalongServer';

/** Secret used by every test server (32+ bytes). */
export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123';

/** A running test server plus helpers. */
export interface TestServer extends LookalongServer {
  auditFile: string;
  sessionStoreFile: string;
  /** Signs an agent token valid for this server. */
  token(claims?: Partial<AgentTokenClaims>, expiresInSeconds?: number): string;
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
  return {
    ...server,
    auditFile: config.auditFile,
    sessionStoreFile: config.sessionStoreFile,
    token: (claims = {}, expiresInSeconds = 3600) =>
      signAgentToken({ sub: 'agent-alice', name: 'Alice', org: 'Support', ...claims }, TEST_JWT_SECRET, expiresInSeconds),
    wsUrl: (path) => `${server.url.replace('http', 'ws')}${path}`,
  };
}
