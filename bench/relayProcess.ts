/**
 * Starting relay servers as child processes for benchmarks. The Lookalong relay child's
 * environment is defined here and nowhere else (limits, secret, audit file), so a new relay
 * setting (e.g. the per-IP connection cap) is raised for every bench section at once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** HS256 secret the bench relay verifies agent tokens with. */
export const BENCH_SECRET = 'bench-secret-bench-secret-bench-secret-42';

/**
 * Relay settings every bench run of the Lookalong relay uses, on top of the defaults.
 * Add here any limit the relay gains that the load would otherwise trip over.
 */
export const BENCH_RELAY_ENV: Readonly<Record<string, string>> = {
  LOOKALONG_JWT_SECRET: BENCH_SECRET,
  // Late join sends a ~2 MB FullSnapshot in one frame (16 MB is also the default).
  LOOKALONG_SHOPPER_MAX_PAYLOAD_BYTES: String(16 * 1024 * 1024),
  // Every load comes from one address: the per-address socket cap (200) would stop it early.
  LOOKALONG_MAX_CONNECTIONS_PER_IP: '1000000',
};

/** Per-section settings on top of BENCH_RELAY_ENV: the single place to raise relay limits for a load. */
export const SECTION_RELAY_ENV = {
  /** Throughput and latency: one shopper pushes tens of thousands of frames per second. */
  throughput: {
    // Up to 512 frames of 20 KB in flight per viewer.
    LOOKALONG_SEND_BUFFER_MAX_BYTES: String(64 * 1024 * 1024),
    // Per-socket rate limits sized for real shoppers would cut the flood short (4029).
    LOOKALONG_SHOPPER_MESSAGES_PER_SECOND: '10000000',
    LOOKALONG_SHOPPER_BYTES_PER_SECOND: String(1024 * 1024 * 1024),
  },
  /** Late join: one 2 MB checkpoint replayed to each new viewer; defaults suffice. */
  lateJoin: {},
  /** Capacity: thousands of light sessions, all from one IP (the per-IP cap is lifted in BENCH_RELAY_ENV). */
  capacity: {
    // The default, stated because the hold lasts exactly one heartbeat period (one ping sweep).
    LOOKALONG_HEARTBEAT_MS: '30000',
  },
} satisfies Record<string, Record<string, string>>;

/** A relay child process and where to reach it. */
export interface RelayProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  /** `http://127.0.0.1:PORT`, also the Origin clients send. */
  origin: string;
  /** `ws://127.0.0.1:PORT`. */
  wsBase: string;
  /** The last 8 KB the child wrote to stderr (only when `captureStderr` was set). */
  stderrTail(): string;
  /** Kills the child and removes its temporary files. */
  stop(): void;
}

/** How to start a relay child. */
export interface SpawnOptions {
  /** Extra environment on top of the parent's. */
  env?: Record<string, string>;
  /** Node flags placed before the script, e.g. `--expose-gc`. */
  nodeFlags?: string[];
  /** Opens an IPC channel (child.send / process.send). */
  ipc?: boolean;
  /** Keeps stderr in a buffer instead of passing it through. */
  captureStderr?: boolean;
  /** Directory removed on stop. */
  tempDir?: string;
}

/** Spawns `node --import tsx script` and resolves once it prints `PORT n` on stdout. */
export async function spawnRelay(script: string, options: SpawnOptions = {}): Promise<RelayProcess> {
  const stdio: Array<'ignore' | 'pipe' | 'inherit' | 'ipc'> = ['ignore', 'pipe', options.captureStderr ? 'pipe' : 'inherit'];
  if (options.ipc) stdio.push('ipc');
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), '--import', 'tsx', script], {
    env: { ...process.env, ...options.env },
    stdio,
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-8192);
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /PORT (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${stderr.slice(-500)}`)));
  });
  return {
    child,
    pid: child.pid!,
    port,
    origin: `http://127.0.0.1:${port}`,
    wsBase: `ws://127.0.0.1:${port}`,
    stderrTail: () => stderr,
    stop() {
      child.kill();
      if (options.tempDir) rmSync(options.tempDir, { recursive: true, force: true });
    },
  };
}

/**
 * Spawns the real Lookalong relay with BENCH_RELAY_ENV (plus `options.env`); its files (audit
 * log, saved sessions) go to a fresh temporary directory, so runs never see each other's
 * sessions nor touch the repo's data/.
 */
export function spawnLookalongRelay(options: Omit<SpawnOptions, 'tempDir'> = {}): Promise<RelayProcess> {
  const tempDir = mkdtempSync(join(tmpdir(), 'lookalong-bench-'));
  const files = { LOOKALONG_AUDIT_FILE: join(tempDir, 'audit.jsonl'), LOOKALONG_SESSION_STORE_FILE: join(tempDir, 'sessions.json') };
  return spawnRelay('bench/servers/lookalongRelay.ts', { ...options, tempDir, env: { ...BENCH_RELAY_ENV, ...files, ...options.env } });
}
