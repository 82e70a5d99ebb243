import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectionMeter, type ConnectionReading } from '../../agent-viewer/src/connectionMeter';
import type { PingMessage } from '../../protocol/agentMessages';

describe('ConnectionMeter', () => {
  let pings: PingMessage[];
  let readings: ConnectionReading[];
  let meter: ConnectionMeter;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    pings = [];
    readings = [];
    meter = new ConnectionMeter((ping) => pings.push(ping), (reading) => readings.push(reading));
  });
  afterEach(() => {
    meter.stop();
    vi.useRealTimers();
  });

  it('pings at once and every 2 s, numbering the pings', () => {
    meter.start();
    expect(pings).toEqual([{ t: 'ping', n: 0 }]);
    vi.advanceTimersByTime(4000);
    expect(pings.map((p) => p.n)).toEqual([0, 1, 2]);
    meter.stop();
    vi.advanceTimersByTime(10_000);
    expect(pings).toHaveLength(3);
  });

  it('reports the round trip of an answered ping, and ignores unknown or repeated pongs', () => {
    meter.start();
    expect(readings.at(-1)).toEqual({ latencyMs: null, lagMs: null });
    vi.advanceTimersByTime(35);
    meter.pong(0);
    expect(readings.at(-1)).toEqual({ latencyMs: 35, lagMs: null });
    const count = readings.length;
    meter.pong(0);
    meter.pong(99);
    expect(readings).toHaveLength(count);
  });

  it('forgets the latency when the relay stops answering', () => {
    meter.start();
    meter.pong(0);
    expect(readings.at(-1)?.latencyMs).toBe(0);
    vi.advanceTimersByTime(6000);
    expect(readings.at(-1)?.latencyMs).toBe(0);
    vi.advanceTimersByTime(2000);
    expect(readings.at(-1)?.latencyMs).toBeNull();
  });

  it('includes the replay lag from recorded events', () => {
    meter.start();
    const now = performance.timeOrigin + performance.now();
    meter.recordEvent(now - 40);
    meter.recordEvent(now - 540);
    vi.advanceTimersByTime(2000);
    expect(readings.at(-1)?.lagMs).toBe(500);
  });
});
