/** The CLI entry points as a newcomer runs them: config mistakes, --help, and `npm run token`. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { verifyAgentToken } from '../../server/src/auth/agentToken';
import { hs256Policy } from '../../server/src/auth/agentTokenPolicy';
import { TEST_JWT_SECRET } from '../helpers/testServer';

const run = promisify(execFile);

async function tsx(script: string, args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', script, ...args], { env: { ...process.env, ...env }, timeout: 20_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('command line', () => {
  it('stops start-up with one readable line per configuration mistake', async () => {
    const result = await tsx('server/src/main.ts', [], { LOOKALONG_JWT_SECRET: 'short', PORT: 'eighty', NODE_ENV: 'test' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'config error: PORT must be an integer between 0 and 65535, got "eighty"',
      'config error: LOOKALONG_JWT_SECRET must be at least 32 bytes, got 5',
    ]);
  });

  it('lists every setting with --help', async () => {
    const result = await tsx('server/src/main.ts', ['--help'], {});
    expect(result.code).toBe(0);
    for (const name of ['PORT', 'LOOKALONG_JWT_SECRET', 'LOOKALONG_SITES', 'LOOKALONG_AUDIT_FILE']) expect(result.stdout).toContain(name);
  });

  it('prints an agent token the server accepts', async () => {
    const result = await tsx('server/src/tokenCli.ts', ['--name', 'Alice', '--org', 'Support'], { LOOKALONG_JWT_SECRET: TEST_JWT_SECRET });
    expect(result.code).toBe(0);
    const agent = verifyAgentToken(result.stdout.trim(), hs256Policy(TEST_JWT_SECRET));
    expect(agent).toMatchObject({ id: 'alice', name: 'Alice', org: 'Support' });
    expect(agent.exp * 1000).toBeGreaterThan(Date.now() + 7 * 3600_000);
  });

  it('prints a token limited to --sites, with the configured issuer', async () => {
    const env = { LOOKALONG_JWT_SECRET: TEST_JWT_SECRET, LOOKALONG_JWT_ISSUER: 'https://desk.example' };
    const result = await tsx('server/src/tokenCli.ts', ['--name', 'Bob', '--sites', 'demo,shop-2'], env);
    expect(result.code).toBe(0);
    const agent = verifyAgentToken(result.stdout.trim(), hs256Policy(TEST_JWT_SECRET, { issuer: 'https://desk.example' }));
    expect(agent).toMatchObject({ id: 'bob', sites: ['demo', 'shop-2'] });
  });

  it('refuses a token lifetime past LOOKALONG_JWT_MAX_AGE in one line', async () => {
    const result = await tsx('server/src/tokenCli.ts', ['--name', 'Bob', '--hours', '24'], { LOOKALONG_JWT_SECRET: TEST_JWT_SECRET });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('--hours 24 is longer than LOOKALONG_JWT_MAX_AGE (12 h): the server would refuse the token before it expires');
  });

  it('explains token usage when --name is missing', async () => {
    const result = await tsx('server/src/tokenCli.ts', [], { LOOKALONG_JWT_SECRET: TEST_JWT_SECRET });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('usage: npm run token -- --name Alice');
  });
});
