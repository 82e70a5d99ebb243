/**
 * The relays under comparison, each in its own child process, with a uniform way to open
 * one source (shopper) and N sinks (viewers) that are ready to receive binary frames.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { signAgentToken } from '../server/src/auth/agentToken';

/** A source socket and its ready sinks. */
export interface RelayRoom {
  source: WebSocket;
  sinks: WebSocket[];
  /** Wraps a payload the way this relay expects it on the wire. */
  frame(seq: number, payload: Buffer): Buffer;
  close(): void;
}

/** A relay process under test. */
export interface RelayTarget {
  name: string;
  openRoom(sinkCount: number): Promise<RelayRoom>;
  stop(): void;
}

const BENCH_SECRET = 'bench-secret-bench-secret-bench-secret-42';

async function spawnServer(script: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /PORT (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return { child, port };
}

function open(url: string, origin: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin, perMessageDeflate: false });
    ws.binaryType = 'nodebuffer';
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function nextText(ws: WebSocket, predicate: (message: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer, isBinary: boolean): void => {
      if (isBinary) return;
      const message = JSON.parse(data.toString()) as Record<string, unknown>;
      if (predicate(message)) {
        ws.off('message', onMessage);
        resolve(message);
      }
    };
    ws.on('message', onMessage);
  });
}

/** The bare ws broadcast baseline. */
export async function rawWsTarget(): Promise<RelayTarget> {
  const { child, port } = await spawnServer('bench/baselines/rawWsRelay.ts', {});
  const base = `ws://127.0.0.1:${port}`;
  return {
    name: 'raw ws broadcast',
    async openRoom(sinkCount) {
      // The server registers a sink before the client sees `open`, so no handshake is needed.
      const sinks = await Promise.all(Array.from({ length: sinkCount }, () => open(`${base}/sink`, 'http://127.0.0.1')));
      const source = await open(`${base}/source`, 'http://127.0.0.1');
      return { source, sinks, frame: (_seq, payload) => payload, close: () => [source, ...sinks].forEach((ws) => ws.close()) };
    },
    stop: () => child.kill(),
  };
}

/** The real Lookalong relay, with the consent handshake done for every viewer. */
export async function lookalongTarget(): Promise<RelayTarget> {
  const auditDir = mkdtempSync(join(tmpdir(), 'lookalong-bench-'));
  const { child, port } = await spawnServer('bench/servers/lookalongRelay.ts', {
    LOOKALONG_JWT_SECRET: BENCH_SECRET,
    LOOKALONG_AUDIT_FILE: join(auditDir, 'audit.jsonl'),
    LOOKALONG_SEND_BUFFER_MAX_BYTES: String(64 * 1024 * 1024),
  });
  const origin = `http://127.0.0.1:${port}`;
  const base = `ws://127.0.0.1:${port}`;
  const { encodeFrame, FrameKind } = await import('../protocol/envelope');
  return {
    name: 'Lookalong relay',
    async openRoom(sinkCount) {
      const source = await open(`${base}/ws/shopper?site=demo`, origin);
      const sessionMessage = nextText(source, (m) => m['t'] === 'session');
      source.send(JSON.stringify({ t: 'hello', lang: 'en' }));
      const session = await sessionMessage;
      const sinks: WebSocket[] = [];
      for (let i = 0; i < sinkCount; i++) {
        const agent = await open(`${base}/ws/agent`, origin);
        const request = nextText(source, (m) => m['t'] === 'join-request');
        const consent = nextText(agent, (m) => m['t'] === 'consent');
        agent.send(JSON.stringify({ t: 'join', code: session['code'], token: signAgentToken({ sub: `bench-${i}`, name: `Agent ${i}` }, BENCH_SECRET) }));
        source.send(JSON.stringify({ t: 'consent', requestId: (await request)['requestId'], allow: true, notice: 'consent-notice-2026-11' }));
        await consent;
        sinks.push(agent);
      }
      const stream = session['stream'] as number;
      return {
        source,
        sinks,
        frame: (seq, payload) => Buffer.from(encodeFrame({ kind: seq === 0 ? FrameKind.checkpoint : FrameKind.event, stream, seq }, payload)),
        close: () => [source, ...sinks].forEach((ws) => ws.close()),
      };
    },
    stop: () => child.kill(),
  };
}
