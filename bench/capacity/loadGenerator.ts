/**
 * Capacity load generator, run as its own child process (forked with IPC). Opens N live
 * Lookalong sessions (shopper + consented viewer) in concurrent batches, then has every
 * shopper send one ~300-byte event per second, spread evenly over the second, and every
 * viewer measure delivery latency from the timestamp inside the event.
 */
import type WebSocket from 'ws';
import { encodeFrame, FrameKind } from '../../protocol/envelope';
import { signAgentToken } from '../../server/src/auth/agentToken';
import { admitAgent, fetchTicket, openShopper, openSocket, type ShopperSession } from '../lookalongClient';
import { metaEvent, probeEvent } from '../rrwebLikePayloads';
import type { FailureCounts, LoadCommand, LoadReport } from './loadProtocol';

/** Give up on one session's handshake after this long. */
const HANDSHAKE_TIMEOUT_MS = 20_000;
/** Sends are spread over this many slots per second. */
const SLOTS = 100;
const SLOT_MS = 1000 / SLOTS;

interface LiveSession {
  index: number;
  shopper: ShopperSession;
  agent: WebSocket;
  seq: number;
  alive: boolean;
  deliveredInHold: number;
}

const now = (): number => performance.timeOrigin + performance.now();
const sessions: LiveSession[] = [];
const failures: FailureCounts = {};
let closing = false;
let measuring = false;
let holdStart = Infinity;
let sentInHold = 0;
let deliveredInHold = 0;
let pingsInHold = 0;
/** Heartbeat pings seen during the hold: first and last arrival. */
let firstPingAt = Infinity;
let lastPingAt = -Infinity;
/** Per event received in the hold: when it was sent, and its latency. */
const sentTimes: number[] = [];
const latencies: number[] = [];
/** Events sent from this long before the ping sweep to this long after it count as affected by it (the relay works off its backlog after the sweep). */
const SWEEP_MARGIN_MS = { before: 1000, after: 3000 };

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function fail(reason: string): void {
  failures[reason] = (failures[reason] ?? 0) + 1;
}

function report(message: LoadReport): void {
  process.send!(message);
}

function reasonOf(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return e.code ?? (e.message ?? String(err)).slice(0, 60);
}

function watch(ws: WebSocket, role: 'shopper' | 'agent', session: () => LiveSession | undefined): void {
  ws.on('error', (err) => !closing && fail(`${role} error ${reasonOf(err)}`));
  ws.on('close', (code) => {
    const s = session();
    if (closing || !s) return;
    if (s.alive) fail(`${role} closed ${code}`);
    s.alive = false;
  });
}

function onViewerFrame(session: LiveSession, data: Buffer): void {
  if (!measuring || data[1] !== FrameKind.event) return;
  // The probe event ends with `"timestamp":<ms>}`; reading just that keeps the viewer cheap.
  const at = data.lastIndexOf('"timestamp":');
  const sentAt = Number(data.toString('latin1', at + 12, data.length - 1));
  if (sentAt < holdStart) return;
  sentTimes.push(sentAt);
  latencies.push(now() - sentAt);
  deliveredInHold += 1;
  session.deliveredInHold += 1;
}

async function openSession(cmd: Extract<LoadCommand, { t: 'ramp' }>, index: number, token: string): Promise<void> {
  const opened: WebSocket[] = [];
  let session: LiveSession | undefined;
  let timer: NodeJS.Timeout | undefined;
  const handshake = async (): Promise<void> => {
    const shopper = await openShopper(cmd.wsBase, cmd.origin);
    opened.push(shopper.ws);
    watch(shopper.ws, 'shopper', () => session);
    const agent = await openSocket(`${cmd.wsBase}/ws/agent`, cmd.origin);
    opened.push(agent);
    watch(agent, 'agent', () => session);
    const candidate: LiveSession = { index, shopper, agent, seq: 0, alive: true, deliveredInHold: 0 };
    agent.on('message', (data: Buffer, isBinary: boolean) => isBinary && onViewerFrame(candidate, data));
    agent.on('ping', () => {
      if (!measuring) return;
      pingsInHold += 1;
      firstPingAt = Math.min(firstPingAt, now());
      lastPingAt = now();
    });
    await admitAgent(agent, shopper, await fetchTicket(cmd.origin, token));
    // Every real recording starts with a checkpoint (here a bare Meta event).
    shopper.ws.send(encodeFrame({ kind: FrameKind.checkpoint, stream: shopper.stream, seq: candidate.seq++ }, Buffer.from(JSON.stringify(metaEvent()))));
    session = candidate;
  };
  try {
    await Promise.race([
      handshake(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('handshake timeout')), HANDSHAKE_TIMEOUT_MS);
      }),
    ]);
    sessions.push(session!);
  } catch (err) {
    fail(`handshake: ${reasonOf(err)}`);
    opened.forEach((ws) => ws.terminate());
  } finally {
    clearTimeout(timer);
  }
}

async function ramp(cmd: Extract<LoadCommand, { t: 'ramp' }>): Promise<void> {
  // Tokens are minted before the clock starts: signing is slow and is the helpdesk's cost, not the relay's.
  const tokens = Array.from({ length: cmd.sessions }, (_, i) => signAgentToken({ sub: `cap-${cmd.firstIndex + i}`, name: `Agent ${cmd.firstIndex + i}` }, cmd.secret));
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const progress = setInterval(() => report({ t: 'progress', live: sessions.length }), 1000);
  let next = 0;
  let cutByDeadline = false;
  const worker = async (): Promise<void> => {
    while (next < cmd.sessions) {
      if (performance.now() - start > cmd.deadlineMs) {
        cutByDeadline = true;
        return;
      }
      const i = next++;
      await openSession(cmd, cmd.firstIndex + i, tokens[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(cmd.concurrency, cmd.sessions) }, worker));
  clearInterval(progress);
  report({ t: 'ramped', live: sessions.filter((s) => s.alive).length, failures: { ...failures }, ms: performance.now() - start, cutByDeadline, cpuMs: cpuMsSince(cpuStart) });
}

async function traffic(cmd: Extract<LoadCommand, { t: 'traffic' }>): Promise<void> {
  const send = (slot: number): void => {
    for (let i = slot; i < sessions.length; i += SLOTS) {
      const s = sessions[i]!;
      if (!s.alive) continue;
      const sentAt = now();
      const payload = Buffer.from(probeEvent(cmd.eventBytes, s.index, sentAt));
      s.shopper.ws.send(encodeFrame({ kind: FrameKind.event, stream: s.shopper.stream, seq: s.seq++ }, payload));
      if (sentAt >= holdStart) sentInHold += 1;
    }
  };
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let nextSlot = 0;
  let timerLagMaxMs = 0;
  const timer = setInterval(() => {
    const elapsed = performance.now() - start;
    timerLagMaxMs = Math.max(timerLagMaxMs, elapsed - nextSlot * SLOT_MS);
    for (; nextSlot * SLOT_MS <= elapsed; nextSlot++) send(nextSlot % SLOTS);
  }, SLOT_MS);
  await new Promise((r) => setTimeout(r, cmd.warmupMs));
  measuring = true;
  holdStart = now();
  timerLagMaxMs = 0;
  await new Promise((r) => setTimeout(r, cmd.holdMs));
  clearInterval(timer);
  const drainUntil = performance.now() + cmd.drainMs;
  while (deliveredInHold < sentInHold && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 20));
  measuring = false;
  const live = sessions.filter((s) => s.alive && s.shopper.ws.readyState === s.shopper.ws.OPEN && s.agent.readyState === s.agent.OPEN && s.deliveredInHold > 0).length;
  const round = (ms: number): number => Math.round(ms * 1000) / 1000;
  const outside = latencies.filter((_, i) => sentTimes[i]! < firstPingAt - SWEEP_MARGIN_MS.before || sentTimes[i]! > lastPingAt + SWEEP_MARGIN_MS.after);
  report({
    t: 'measured',
    live,
    sent: sentInHold,
    delivered: deliveredInHold,
    latenciesMs: latencies.map(round),
    latenciesOutsideSweepMs: outside.map(round),
    failures: { ...failures },
    timerLagMaxMs,
    pingsInHold,
    cpuMs: cpuMsSince(cpuStart),
  });
}

process.on('message', (cmd: LoadCommand) => {
  if (cmd.t === 'ramp') void ramp(cmd);
  else if (cmd.t === 'traffic') void traffic(cmd);
  else if (cmd.t === 'close') {
    closing = true;
    for (const s of sessions) {
      s.shopper.ws.terminate();
      s.agent.terminate();
    }
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
report({ t: 'ready' });
