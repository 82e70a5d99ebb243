/**
 * The real server CLI (`node --import tsx server/src/main.ts`) as a child process, for tests
 * that need a relay node to die for real (SIGKILL) or several processes. Its files go to a fresh
 * temporary directory; it is ready once `/readyz` answers 200.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './redisServer';
import { TEST_JWT_SECRET } from './testServer';

/** A running server process. */
export interface ServerProcess {
  child: ChildProcess;
  port: number;
  /** `http://127.0.0.1:PORT`. */
  url: string;
  /** `ws://127.0.0.1:PORT` + path. */
  wsUrl(path: string): string;
  /** What the process wrote to stdout and stderr so far (JSON log lines). */
  output(): string;
  /** Kills it with `signal` (SIGKILL: a crash; SIGTERM: a graceful stop) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts the server CLI with `env` on a free port (or `env.PORT`). */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'lookalong-node-'));
  const port = Number(env['PORT'] ?? (await freePort()));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      LOOKALONG_JWT_SECRET: TEST_JWT_SECRET,
      LOOKALONG_AUDIT_FILE: join(dir, 'audit.jsonl'),
      LOOKALONG_SESSION_STORE_FILE: join(dir, 'sessions.json'),
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-64 * 1024);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${output.slice(-800)}`);
    const ready = await fetch(`${url}/readyz`).then((r) => r.status === 200, () => false);
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`server not ready within 20 s: ${output.slice(-800)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    port,
    url,
    wsUrl: (path) => `ws://127.0.0.1:${port}${path}`,
    output: () => output,
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
