/**
 * The relays under comparison, each in its own child process, with a uniform way to open
 * one source (shopper) and N sinks (viewers) that are ready to receive binary frames.
 */
import type WebSocket from 'ws';
import { io, type Socket } from 'socket.io-client';
import { encodeFrame, FrameKind } from '../protocol/envelope';
import { signAgentToken } from '../server/src/auth/agentToken';
import { admitAgent, fetchTicket, openShopper, openSocket } from './lookalongClient';
import { BENCH_SECRET, SECTION_RELAY_ENV, spawnLookalongRelay, spawnRelay } from './relayProcess';

/** One ready viewer. */
export interface RelaySink {
  /** Calls `cb` with every binary frame this viewer receives, as on the wire. */
  onFrame(cb: (data: Buffer) => void): void;
}

/** A source and its ready sinks. */
export interface RelayRoom {
  /** Sends one wire frame (see `frame`) from the source. */
  send(frame: Buffer): void;
  sinks: RelaySink[];
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

/** Report names of the three relays, used as keys in results.json. */
export const TARGET_NAMES = { rawWs: 'raw ws broadcast', lookalong: 'Lookalong relay', socketIo: 'socket.io room' } as const;

function wsSink(ws: WebSocket): RelaySink {
  return { onFrame: (cb) => ws.on('message', (data: Buffer, isBinary: boolean) => isBinary && cb(data)) };
}

/** The bare ws broadcast baseline. */
export async function rawWsTarget(): Promise<RelayTarget> {
  const relay = await spawnRelay('bench/baselines/rawWsRelay.ts');
  return {
    name: TARGET_NAMES.rawWs,
    async openRoom(sinkCount) {
      // The server registers a sink before the client sees `open`, so no handshake is needed.
      const sinks = await Promise.all(Array.from({ length: sinkCount }, () => openSocket(`${relay.wsBase}/sink`, relay.origin)));
      const source = await openSocket(`${relay.wsBase}/source`, relay.origin);
      return {
        send: (frame) => source.send(frame),
        sinks: sinks.map(wsSink),
        frame: (_seq, payload) => payload,
        close: () => [source, ...sinks].forEach((ws) => ws.close()),
      };
    },
    stop: () => relay.stop(),
  };
}

/** The real Lookalong relay, with the consent handshake done for every viewer. */
export async function lookalongTarget(): Promise<RelayTarget> {
  const relay = await spawnLookalongRelay({ env: SECTION_RELAY_ENV.throughput });
  return {
    name: TARGET_NAMES.lookalong,
    async openRoom(sinkCount) {
      const shopper = await openShopper(relay.wsBase, relay.origin);
      const sinks: WebSocket[] = [];
      for (let i = 0; i < sinkCount; i++) {
        const agent = await openSocket(`${relay.wsBase}/ws/agent`, relay.origin);
        await admitAgent(agent, shopper, await fetchTicket(relay.origin, signAgentToken({ sub: `bench-${i}`, name: `Agent ${i}` }, BENCH_SECRET)));
        sinks.push(agent);
      }
      const { stream } = shopper;
      return {
        send: (frame) => shopper.ws.send(frame),
        sinks: sinks.map(wsSink),
        frame: (seq, payload) => Buffer.from(encodeFrame({ kind: seq === 0 ? FrameKind.checkpoint : FrameKind.event, stream, seq }, payload)),
        close: () => [shopper.ws, ...sinks].forEach((ws) => ws.close()),
      };
    },
    stop: () => relay.stop(),
  };
}

function connectSocketIo(url: string, role: 'source' | 'sink', room: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(url, { transports: ['websocket'], query: { role, room }, forceNew: true, reconnection: false });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** The socket.io room broadcast baseline (OpenReplay-style assist). */
export async function socketIoTarget(): Promise<RelayTarget> {
  const relay = await spawnRelay('bench/baselines/socketIoRelay.ts');
  let rooms = 0;
  return {
    name: TARGET_NAMES.socketIo,
    async openRoom(sinkCount) {
      const room = String(++rooms);
      const sinks = await Promise.all(Array.from({ length: sinkCount }, () => connectSocketIo(relay.origin, 'sink', room)));
      const source = await connectSocketIo(relay.origin, 'source', room);
      return {
        send: (frame) => source.emit('frame', frame),
        sinks: sinks.map((socket) => ({
          onFrame: (cb) => socket.on('frame', (data: Buffer | ArrayBuffer) => cb(Buffer.isBuffer(data) ? data : Buffer.from(data))),
        })),
        frame: (_seq, payload) => payload,
        close: () => [source, ...sinks].forEach((socket) => socket.disconnect()),
      };
    },
    stop: () => relay.stop(),
  };
}
