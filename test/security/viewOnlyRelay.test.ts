/**
 * View-only, proven at the relay (invariant 3a), against the real server over real sockets:
 * from an agent, only allowlisted annotation messages (annotate / unannotate / clear-marks,
 * validated and rebuilt field by field) go on towards the shopper. Every other message kind —
 * the shopper's own, the relay's, unknown ones, garbage, binary frames, rrweb events posing as
 * agent messages, annotations with hostile values — is dropped, counted and logged (the log
 * bounded), and nothing of it reaches the shopper's socket.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { FrameKind, encodeFrame } from '../../protocol/envelope';
import { CloseCode } from '../../protocol/closeCodes';
import { CONSENT_NOTICE_VERSION } from '../../protocol/messages';
import { HOSTILE_NUMBERS, HOSTILE_STRINGS, PWN_MARKER, RRWEB_EVENTS } from '../helpers/hostileValues';
import { joinConsented, openLiveSession, type LiveSession } from '../helpers/liveSession';
import { connectClient, until, type RelayClient } from '../helpers/relayClient';
import { startTestServer, type TestServer } from '../helpers/testServer';

const DROP_LOG = '[lookalong] dropped agent message';
const ALICE = { id: 'agent-alice', name: 'Alice', org: 'Support' };
/** Frames the shopper sends in this file (one checkpoint); the first agent must see these and no more. */
const SHOPPER_FRAMES = 2;

/** A valid rect mark on `stream`. */
const rect = (stream: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'mark1',
  shape: 'rect',
  color: '#ff5a1f',
  stream,
  anchor: null,
  box: { x: 10, y: 20, w: 100, h: 40 },
  ...extra,
});

/** Text frames that are not an allowlisted, valid agent message, by what they pretend to be. */
function hostileTexts(stream: number): Array<[label: string, text: string]> {
  const json = (label: string, value: unknown): [string, string] => [label, JSON.stringify(value)];
  const annotation = rect(stream);
  return [
    // The shopper's messages.
    json('shopper hello', { t: 'hello', lang: 'en' }),
    json('shopper resume', { t: 'resume', resumeToken: 'abc' }),
    json('shopper consent', { t: 'consent', requestId: 'r1', allow: true, notice: CONSENT_NOTICE_VERSION }),
    json('shopper stop', { t: 'stop' }),
    json('shopper extend', { t: 'extend' }),
    json('shopper dismiss', { t: 'dismiss' }),
    // The relay's messages to a shopper, including a ready-made annotation with a forged author.
    json('relay session', { t: 'session', code: '123456', resumeToken: 'abc', stream, state: 'ended', viewers: [] }),
    json('relay join-request', { t: 'join-request', requestId: 'r1', agent: { id: PWN_MARKER, name: HOSTILE_STRINGS[0] } }),
    json('relay state', { t: 'state', state: 'ended' }),
    json('relay viewers', { t: 'viewers', viewers: [{ id: PWN_MARKER, name: HOSTILE_STRINGS[1] }] }),
    json('relay snapshot', { t: 'snapshot' }),
    json('relay expiry', { t: 'expiry', expiresInMs: 0 }),
    json('relay annotation', { t: 'annotation', op: 'add', annotation, by: { id: 'agent-boss', name: PWN_MARKER } }),
    json('relay annotation clear', { t: 'annotation', op: 'clear', by: { id: 'agent-bob', name: 'Bob' } }),
    json('relay ended', { t: 'ended', reason: 'expired' }),
    json('relay error', { t: 'error', message: HOSTILE_STRINGS[2] }),
    // The relay's messages to an agent.
    json('relay joining', { t: 'joining', code: '123456', site: 'demo' }),
    json('relay consent', { t: 'consent', allow: true }),
    json('relay shopper', { t: 'shopper', connected: true }),
    json('relay dismissed', { t: 'dismissed' }),
    json('relay pong', { t: 'pong', n: 1 }),
    // Unknown kinds and wrong types for `t`.
    ...['navigate', 'click', 'type', 'input', 'keydown', 'focus', 'scroll', 'submit', 'eval', 'ANNOTATE', 'annotate ', '', '__proto__', 'constructor'].map(
      (t) => json(`kind ${JSON.stringify(t)}`, { t, url: 'javascript:window.__pwned=1', selector: '#buy', annotation }),
    ),
    ...[5, null, true, ['annotate'], { t: 'annotate' }].map((t) => json(`t = ${JSON.stringify(t)}`, { t, annotation })),
    json('no t, an annotation alone', { annotation }),
    // Not JSON objects.
    ['not json', 'not json'],
    ['empty', ''],
    ['truncated', '{"t":"annotate","annotation":'],
    ['array', JSON.stringify([{ t: 'annotate', annotation }])],
    ['null', 'null'],
    ['string', '"annotate"'],
    ['deeply nested', '['.repeat(5000) + ']'.repeat(5000)],
    ['proto object', `{"__proto__":{"t":"annotate","annotation":${JSON.stringify(annotation)}}}`],
    // rrweb events posing as agent messages: bare, and stuffed into an annotate message.
    ...RRWEB_EVENTS.map((event, i) => json(`rrweb event #${i}`, event)),
    ...RRWEB_EVENTS.map((event, i) => json(`rrweb event #${i} as annotate`, { t: 'annotate', ...event })),
    ...RRWEB_EVENTS.map((event, i) => json(`rrweb event #${i} as annotation`, { t: 'annotate', annotation: event })),
    // Annotations with hostile values in every field.
    ...['script', 'html', 'iframe', 'image', 'link', 'RECT', ''].map((shape) => json(`shape ${shape}`, { t: 'annotate', annotation: rect(stream, { shape }) })),
    ...HOSTILE_STRINGS.map((color, i) => json(`color #${i}`, { t: 'annotate', annotation: rect(stream, { color }) })),
    ...HOSTILE_STRINGS.map((id, i) => json(`id #${i}`, { t: 'annotate', annotation: rect(stream, { id }) })),
    ...HOSTILE_STRINGS.map((text, i) => json(`text on a rect #${i}`, { t: 'annotate', annotation: rect(stream, { text }) })),
    ...HOSTILE_NUMBERS.map((x, i) => json(`box.x #${i}`, { t: 'annotate', annotation: rect(stream, { box: { x, y: 0, w: 10, h: 10 } }) })),
    ...HOSTILE_NUMBERS.map((node, i) => json(`anchor.node #${i}`, { t: 'annotate', annotation: rect(stream, { anchor: { node, x: 0, y: 0, w: 1, h: 1 } }) })),
    ...HOSTILE_NUMBERS.map((value, i) => json(`stream #${i}`, { t: 'annotate', annotation: rect(stream, { stream: value }) })),
    json('text too long', { t: 'annotate', annotation: rect(stream, { shape: 'text', text: 'x'.repeat(281) }) }),
    json('pen with 401 points', { t: 'annotate', annotation: rect(stream, { shape: 'pen', points: Array.from({ length: 401 }, () => ({ x: 0.5, y: 0.5 })) }) }),
    json('arrow point far out', { t: 'annotate', annotation: rect(stream, { shape: 'arrow', points: [{ x: 0, y: 0 }, { x: 1e9, y: 1 }] }) }),
    json('points as markup', { t: 'annotate', annotation: rect(stream, { shape: 'pen', points: HOSTILE_STRINGS }) }),
    json('annotation as markup', { t: 'annotate', annotation: HOSTILE_STRINGS[0] }),
    json('annotation as array', { t: 'annotate', annotation: [annotation] }),
    ...HOSTILE_STRINGS.map((id, i) => json(`unannotate id #${i}`, { t: 'unannotate', id })),
    json('unannotate without id', { t: 'unannotate' }),
    json('ping with a hostile n', { t: 'ping', n: 'NaN' }),
    json('join again', { t: 'join', ticket: 'x', code: '123456' }),
  ];
}

/** Binary frames: random bytes, and rrweb events in a valid envelope (as a shopper would send them). */
function hostileBinaries(stream: number): Array<[label: string, frame: Buffer]> {
  return [
    ['random bytes', randomBytes(256)],
    ['empty binary', Buffer.alloc(0)],
    ['annotate JSON as binary', Buffer.from(JSON.stringify({ t: 'annotate', annotation: rect(stream) }))],
    ...RRWEB_EVENTS.map((event, i): [string, Buffer] => [
      `rrweb event #${i} in an envelope`,
      Buffer.from(encodeFrame({ kind: i === 0 ? FrameKind.checkpoint : FrameKind.event, stream, seq: i }, Buffer.from(JSON.stringify(event)))),
    ]),
  ];
}

/** Counts the drops the log accounts for: 1 per single line, N per "N more" summary. */
function loggedDrops(lines: readonly string[]): number {
  return lines.reduce((sum, line) => sum + (Number(/: (\d+) more in the last/.exec(line)?.[1] ?? 1)), 0);
}

describe('view-only relay', () => {
  let server: TestServer;
  let live: LiveSession;
  let warn: MockInstance<typeof console.warn>;
  let startedAt: number;
  let hostileAgents = 0;

  const dropLines = (): string[] => warn.mock.calls.map((args) => String(args[0])).filter((line) => line.startsWith(DROP_LOG));

  beforeAll(async () => {
    warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    server = await startTestServer();
    startedAt = Date.now();
    live = await openLiveSession(server);
    await live.shopper.nextJson('viewers');
    // A complete checkpoint: later agents get it on admission instead of a snapshot request to the shopper.
    live.shopper.sendEvent(live.stream, 0, { type: 4, data: { href: 'https://shop.example/', width: 800, height: 600 }, timestamp: 1 }, FrameKind.checkpoint);
    live.shopper.sendEvent(live.stream, 1, { type: 2, data: { node: { type: 0, childNodes: [], id: 1 }, initialOffset: { top: 0, left: 0 } }, timestamp: 2 });
    await until(() => live.agent.frames().length === SHOPPER_FRAMES);
  });
  afterAll(async () => {
    live?.shopper.close();
    live?.agent.close();
    await server?.close();
    warn.mockRestore();
  });

  /**
   * Admits a fresh consented agent, has it send `frame`, and returns its close code and what
   * the shopper received meanwhile (the relay's own `viewers` update when it left excepted).
   */
  async function fromConsentedAgent(frame: string | Buffer): Promise<{ closeCode: number | 'open'; drops: number; toShopper: unknown[] }> {
    const agent: RelayClient = await joinConsented(server, live.shopper, live.code, `agent-h${++hostileAgents}`);
    await live.shopper.nextJson('viewers');
    live.shopper.received.splice(0);
    const dropsBefore = server.counters.agentMessagesDropped;
    agent.ws.send(frame);
    const code = await Promise.race([agent.closed.then((c) => c.code), new Promise<'open'>((r) => setTimeout(() => r('open'), 1000))]);
    if (code === 'open') {
      agent.close();
      await agent.closed;
    }
    // Anything forwarded would have been sent before this update, on the same socket.
    const left = await live.shopper.nextJson('viewers');
    expect(left['viewers']).toEqual([ALICE]);
    return { closeCode: code, drops: server.counters.agentMessagesDropped - dropsBefore, toShopper: live.shopper.received.splice(0) };
  }

  it('drops, counts and closes on every text frame that is not a valid allowlisted message; none reaches the shopper', async () => {
    const cases = hostileTexts(live.stream);
    expect(cases.length).toBeGreaterThan(150);
    const leaks: string[] = [];
    for (const [label, text] of cases) {
      const { closeCode, drops, toShopper } = await fromConsentedAgent(text);
      if (closeCode !== CloseCode.protocolError || drops !== 1 || toShopper.length > 0) {
        leaks.push(`${label}: close ${closeCode}, ${drops} drops, shopper got ${JSON.stringify(toShopper)}`);
      }
    }
    expect(leaks).toEqual([]);
    expect(live.agent.frames()).toHaveLength(SHOPPER_FRAMES);
    expect(live.agent.received.filter((r) => r.kind === 'json' && JSON.stringify(r.value).includes(PWN_MARKER))).toEqual([]);
  });

  it('drops, counts and closes on every binary frame from an agent; no frame reaches the shopper or the other viewer', async () => {
    const leaks: string[] = [];
    for (const [label, frame] of hostileBinaries(live.stream)) {
      const { closeCode, drops, toShopper } = await fromConsentedAgent(frame);
      if (closeCode !== CloseCode.protocolError || drops !== 1 || toShopper.length > 0) leaks.push(`${label}: close ${closeCode}, ${drops} drops, ${toShopper.length} to shopper`);
    }
    expect(leaks).toEqual([]);
    expect(live.agent.frames()).toHaveLength(SHOPPER_FRAMES);
  });

  it('forwards an allowlisted message rebuilt from its known fields only: extra, forged and prototype keys never travel on', async () => {
    const { shopper, agent, stream } = live;
    const hostileExtras = { onclick: HOSTILE_STRINGS[0], href: HOSTILE_STRINGS[4], html: HOSTILE_STRINGS[1], style: HOSTILE_STRINGS[9], by: { id: 'agent-boss', name: 'Boss' }, op: 'clear' };
    const note = rect(stream, { id: 'note1', shape: 'text', text: HOSTILE_STRINGS[0] });
    const stuffed = `{"t":"annotate","annotation":${JSON.stringify({ ...note, ...hostileExtras }).replace('{', '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},')},` +
      `${JSON.stringify({ ...RRWEB_EVENTS[5], ...hostileExtras, id: 'other' }).slice(1, -1)},"__proto__":{"polluted":true}}`;
    agent.ws.send(stuffed);
    expect(await shopper.nextJson('annotation')).toStrictEqual({ t: 'annotation', op: 'add', annotation: note, by: ALICE });

    agent.sendJson({ t: 'unannotate', id: 'note1', ...hostileExtras, annotation: note });
    expect(await shopper.nextJson('annotation')).toStrictEqual({ t: 'annotation', op: 'remove', id: 'note1', by: ALICE });
    agent.sendJson({ t: 'clear-marks', ...hostileExtras, id: 'x', annotation: note });
    expect(await shopper.nextJson('annotation')).toStrictEqual({ t: 'annotation', op: 'clear', by: ALICE });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(shopper.received.filter((r) => r.kind === 'frame')).toEqual([]);
  });

  it("answers the agent's own control messages (ping, resync, end) without passing any of their data to the shopper", async () => {
    const { shopper, code } = live;
    const agent = await joinConsented(server, shopper, code, 'agent-controls');
    await shopper.nextJson('viewers');
    shopper.received.splice(0);
    agent.sendJson({ t: 'ping', n: 7, annotation: rect(live.stream), html: HOSTILE_STRINGS[0] });
    expect(await agent.nextJson('pong')).toStrictEqual({ t: 'pong', n: 7 });
    agent.sendJson({ t: 'resync', annotation: rect(live.stream), url: HOSTILE_STRINGS[4] });
    expect(await shopper.nextJson('snapshot', 3000)).toStrictEqual({ t: 'snapshot' });
    expect(shopper.received).toEqual([]);
    agent.close();
    await shopper.nextJson('viewers');
  });

  it('drops, counts and logs mark changes and control messages from an agent the shopper has not admitted, without passing them on', async () => {
    const { shopper, code, stream } = await openLiveSession(server);
    await shopper.nextJson('viewers');
    const pending = await connectClient(server.wsUrl('/ws/agent'), server.url);
    pending.sendJson(server.join(code, { sub: 'agent-mallory', name: 'Mallory' }));
    await shopper.nextJson('join-request');
    shopper.received.splice(0);
    const dropsBefore = server.counters.agentMessagesDropped;
    const messages = [
      { t: 'annotate', annotation: rect(stream) },
      { t: 'unannotate', id: 'mark1' },
      { t: 'clear-marks' },
      { t: 'resync' },
      { t: 'end' },
    ];
    for (let i = 0; i < 100; i++) pending.sendJson(messages[i % messages.length]!);
    await until(() => server.counters.agentMessagesDropped === dropsBefore + 100);
    expect(pending.ws.readyState).toBe(pending.ws.OPEN);
    expect(shopper.received).toEqual([]);
    expect(server.registry.findByCode(code)?.state).toBe('live');
    pending.close();
  });

  it('logs every drop, in a bounded number of lines: one at once, the rest summed once a second', async () => {
    await new Promise((r) => setTimeout(r, 1200));
    const lines = dropLines();
    expect(loggedDrops(lines)).toBe(server.counters.agentMessagesDropped);
    const seconds = (Date.now() - startedAt) / 1000;
    expect(lines.length).toBeLessThanOrEqual(2 * Math.ceil(seconds) + 2);
    expect(lines.length).toBeLessThan(server.counters.agentMessagesDropped / 10);
    expect(lines[0]).toMatch(/^\[lookalong\] dropped agent message: \S/);
    for (const line of lines) expect(line).not.toMatch(/[\u0000-\u001f]/);
  });
});
