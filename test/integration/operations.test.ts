/** `/healthz`, `/readyz` and `/metrics` on a real server driving a real session. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrameKind } from '../../protocol/envelope';
import { SAMPLE_EVERY } from '../../server/src/relay/deliveryLatency';
import { openLiveSession } from '../helpers/liveSession';
import { metricValue, scrape } from '../helpers/metricsText';
import { connectClient, until } from '../helpers/relayClient';
import { startTestServer, type TestServer } from '../helpers/testServer';

describe('health and readiness', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers /healthz and /readyz with every built-in check passing', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ ok: true });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get('cache-control')).toBe('no-store');
    expect(await ready.json()).toEqual({ ready: true, checks: { accepting: 'ok', 'audit-log': 'ok' } });
  });

  it('turns /readyz to 503 when an added check fails, without saying why', async () => {
    server.readiness.add({ name: 'redis', probe: () => Promise.reject(new Error('ECONNREFUSED 10.0.0.7:6379')) });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    const text = await ready.text();
    expect(JSON.parse(text)).toEqual({ ready: false, checks: { accepting: 'ok', 'audit-log': 'ok', redis: 'failing' } });
    expect(text).not.toContain('10.0.0.7');
  });
});

describe('readiness at shutdown', () => {
  it('stops accepting once close begins', async () => {
    const server = await startTestServer();
    await server.close();
    expect(await server.readiness.report()).toMatchObject({ ready: false, checks: { accepting: 'failing' } });
  });
});

describe('/metrics', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('exposes the relay in Prometheus format, read from the relay counters at scrape time', async () => {
    const before = await fetch(`${server.url}/metrics`);
    expect(before.status).toBe(200);
    expect(before.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const idle = await before.text();
    expect(metricValue(idle, 'lookalong_sessions', { state: 'live' })).toBe(0);
    expect(metricValue(idle, 'lookalong_frames_received_total')).toBe(0);
    expect(idle).toContain('process_cpu_seconds_total');

    const { shopper, agent, stream } = await openLiveSession(server);
    const waiting = await connectClient(server.wsUrl('/ws/shopper?site=demo'), server.url);
    waiting.sendJson({ t: 'hello', lang: 'en' });
    await waiting.nextJson('session');
    const frames = 64;
    shopper.sendEvent(stream, 0, { type: 4, data: {} }, FrameKind.checkpoint);
    for (let seq = 1; seq < frames; seq++) shopper.sendEvent(stream, seq, { type: 3, data: { seq } });
    await until(() => agent.frames().length === frames);
    agent.sendJson({ t: 'annotate', annotation: { id: 'm1', shape: 'rect', color: '#ff5a1f', stream, anchor: null, box: { x: 10, y: 20, w: 100, h: 40 } } });
    await shopper.nextJson('annotation');

    const text = await scrape(server.url);
    expect(metricValue(text, 'lookalong_sessions', { state: 'live' })).toBe(1);
    expect(metricValue(text, 'lookalong_sessions', { state: 'waiting' })).toBe(1);
    expect(metricValue(text, 'lookalong_sockets', { role: 'shopper' })).toBe(2);
    expect(metricValue(text, 'lookalong_sockets', { role: 'agent' })).toBe(1);
    expect(metricValue(text, 'lookalong_frames_received_total')).toBe(frames);
    expect(metricValue(text, 'lookalong_frames_sent_total')).toBe(frames);
    expect(metricValue(text, 'lookalong_received_bytes_total')).toBe(server.counters.bytesIn);
    expect(metricValue(text, 'lookalong_sent_bytes_total')).toBe(server.counters.bytesIn);
    expect(metricValue(text, 'lookalong_consent_events_total', { event: 'requested' })).toBe(1);
    expect(metricValue(text, 'lookalong_consent_events_total', { event: 'granted' })).toBe(1);
    expect(metricValue(text, 'lookalong_sessions_created_total', { by: 'shopper' })).toBe(2);
    expect(metricValue(text, 'lookalong_annotation_messages_total', { kind: 'mark' })).toBe(1);
    expect(metricValue(text, 'lookalong_drops_total', { reason: 'frame_not_live' })).toBe(0);
    // 1 frame in SAMPLE_EVERY is timed, once per viewer.
    expect(metricValue(text, 'lookalong_delivery_latency_seconds_count')).toBe(frames / SAMPLE_EVERY);
    expect(metricValue(text, 'lookalong_delivery_latency_seconds_bucket', { le: '+Inf' })).toBe(frames / SAMPLE_EVERY);

    shopper.sendJson({ t: 'stop' });
    waiting.sendEvent(1, 0, { type: 3, data: {} });
    await until(() => server.counters.framesRefused === 1);
    const after = await scrape(server.url);
    expect(metricValue(after, 'lookalong_consent_events_total', { event: 'revoked' })).toBe(1);
    expect(metricValue(after, 'lookalong_sessions_ended_total', { reason: 'shopper-stopped' })).toBe(1);
    expect(metricValue(after, 'lookalong_sessions', { state: 'live' })).toBe(0);
    expect(metricValue(after, 'lookalong_drops_total', { reason: 'frame_not_live' })).toBe(1);
    waiting.close();
  });
});

describe('/metrics with LOOKALONG_METRICS_TOKEN', () => {
  const token = 'metrics-token-0123456789';
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ LOOKALONG_METRICS_TOKEN: token });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers 401 without the bearer token or with another, 200 with it', async () => {
    const none = await fetch(`${server.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${token}x` } })).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${server.token()}` } })).status).toBe(401);
    expect(metricValue(await scrape(server.url, token), 'lookalong_frames_received_total')).toBe(0);
  });
});
