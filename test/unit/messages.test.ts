import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolError } from '../../protocol/fieldReaders';
import { MAX_AGENT_CONTROL_CHARS, MAX_SHOPPER_CONTROL_CHARS, MAX_TITLE_CHARS, parseRelayToAgent, parseRelayToShopper, parseShopperMessage, readAnnotationMessage } from '../../protocol/messages';
import { parseAgentMessage } from '../../protocol/agentMessages';

const j = (value: unknown): string => JSON.stringify(value);

const annotation = {
  id: 'mark-1',
  shape: 'rect',
  color: '#ff8800',
  stream: 2,
  anchor: { node: 17, x: 0.1, y: 0.2, w: 0.5, h: 0.5 },
  box: { x: 10, y: 20, w: 30, h: 40 },
};
const agent = { id: 'agent-alice', name: 'Alice', org: 'Support' };

/** Pads a valid message with an extra string field until it is exactly `length` characters long. */
function padTo(message: Record<string, unknown>, length: number): string {
  const base = j({ ...message, pad: '' });
  const text = j({ ...message, pad: 'x'.repeat(length - base.length) });
  expect(text.length).toBe(length);
  return text;
}

afterEach(() => {
  // Guard for the prototype-pollution tests: nothing may have leaked onto Object.prototype.
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
});

describe('shared JSON handling', () => {
  const parsers = [
    ['parseShopperMessage', parseShopperMessage],
    ['parseAgentMessage', parseAgentMessage],
    ['parseRelayToShopper', parseRelayToShopper],
    ['parseRelayToAgent', parseRelayToAgent],
  ] as const;

  it.each(parsers)('%s rejects invalid JSON with a ProtocolError', (_name, parse) => {
    expect(() => parse('{"t":')).toThrow(new ProtocolError('message is not valid JSON'));
    expect(() => parse('not json')).toThrow(ProtocolError);
  });

  it.each(parsers)('%s rejects arrays and other non-objects', (_name, parse) => {
    for (const text of ['[{"t":"stop"}]', '[]', 'null', '"stop"', '42']) {
      expect(() => parse(text)).toThrow('message must be an object');
    }
  });

  it.each(parsers)('%s rejects a missing or unknown t', (_name, parse) => {
    expect(() => parse('{}')).toThrow(/^t must be one of/);
    expect(() => parse(j({ t: 'nope' }))).toThrow(/^t must be one of/);
    expect(() => parse(j({ t: 1 }))).toThrow(/^t must be one of/);
    expect(() => parse(j({ t: '__proto__' }))).toThrow(/^t must be one of/);
  });
});

describe('parseShopperMessage', () => {
  it('accepts hello with a language tag', () => {
    expect(parseShopperMessage(j({ t: 'hello', lang: 'en' }))).toEqual({ t: 'hello', lang: 'en' });
    expect(parseShopperMessage(j({ t: 'hello', lang: 'zh-Hans-CN' }))).toEqual({ t: 'hello', lang: 'zh-Hans-CN' });
  });

  it('rejects hello with a missing, malformed or too long lang', () => {
    expect(() => parseShopperMessage(j({ t: 'hello' }))).toThrow('lang must be a string');
    expect(() => parseShopperMessage(j({ t: 'hello', lang: 'e' }))).toThrow('lang has an invalid format');
    expect(() => parseShopperMessage(j({ t: 'hello', lang: 'en_US' }))).toThrow('lang has an invalid format');
    expect(() => parseShopperMessage(j({ t: 'hello', lang: '<script>' }))).toThrow('lang has an invalid format');
    expect(() => parseShopperMessage(j({ t: 'hello', lang: `en${'-abcdefgh'.repeat(4)}` }))).toThrow('lang must be 1..35 characters');
  });

  it('accepts resume with a url-safe token', () => {
    expect(parseShopperMessage(j({ t: 'resume', resumeToken: 'Ab_-09' }))).toEqual({ t: 'resume', resumeToken: 'Ab_-09' });
  });

  it('rejects resume with a bad token', () => {
    expect(() => parseShopperMessage(j({ t: 'resume' }))).toThrow('resumeToken must be a string');
    expect(() => parseShopperMessage(j({ t: 'resume', resumeToken: 'a b' }))).toThrow('resumeToken has an invalid format');
    expect(() => parseShopperMessage(j({ t: 'resume', resumeToken: 'a'.repeat(65) }))).toThrow('resumeToken must be 1..64 characters');
  });

  it('accepts consent answers', () => {
    expect(parseShopperMessage(j({ t: 'consent', requestId: 'r1', allow: true, notice: 'n-1' }))).toEqual({ t: 'consent', requestId: 'r1', allow: true, notice: 'n-1' });
    expect(parseShopperMessage(j({ t: 'consent', requestId: 'r1', allow: false, notice: 'n-1' }))).toEqual({ t: 'consent', requestId: 'r1', allow: false, notice: 'n-1' });
    expect(() => parseShopperMessage(j({ t: 'consent', requestId: 'r1', allow: true }))).toThrow('notice must be a string');
    expect(() => parseShopperMessage(j({ t: 'consent', requestId: 'r1', allow: true, notice: '<b>' }))).toThrow('notice has an invalid format');
  });

  it('rejects consent with a non-boolean allow or a bad requestId', () => {
    expect(() => parseShopperMessage(j({ t: 'consent', requestId: 'r1', allow: 'yes' }))).toThrow('allow must be a boolean');
    expect(() => parseShopperMessage(j({ t: 'consent', requestId: 'r1' }))).toThrow('allow must be a boolean');
    expect(() => parseShopperMessage(j({ t: 'consent', requestId: 'r/1', allow: true }))).toThrow('requestId has an invalid format');
  });

  it('accepts hello with an optional page title, bounded', () => {
    expect(parseShopperMessage(j({ t: 'hello', lang: 'en', title: 'Checkout – Shop' }))).toStrictEqual({ t: 'hello', lang: 'en', title: 'Checkout – Shop' });
    expect(parseShopperMessage(j({ t: 'hello', lang: 'en', title: 't'.repeat(MAX_TITLE_CHARS) }))).toMatchObject({ title: 't'.repeat(MAX_TITLE_CHARS) });
    expect(() => parseShopperMessage(j({ t: 'hello', lang: 'en', title: 't'.repeat(MAX_TITLE_CHARS + 1) }))).toThrow(`title must be 1..${MAX_TITLE_CHARS} characters`);
    expect(() => parseShopperMessage(j({ t: 'hello', lang: 'en', title: '' }))).toThrow(`title must be 1..${MAX_TITLE_CHARS} characters`);
    expect(() => parseShopperMessage(j({ t: 'hello', lang: 'en', title: ['x'] }))).toThrow('title must be a string');
    expect(() => parseShopperMessage(j({ t: 'hello', lang: 'en', title: null }))).toThrow('title must be a string');
  });

  it('accepts stop, extend and dismiss, without copying other fields', () => {
    expect(parseShopperMessage(j({ t: 'stop' }))).toEqual({ t: 'stop' });
    expect(parseShopperMessage(j({ t: 'extend', ms: 1e9 }))).toStrictEqual({ t: 'extend' });
    expect(parseShopperMessage(j({ t: 'dismiss', id: 'mark-1' }))).toStrictEqual({ t: 'dismiss' });
  });

  it('rejects agent-only message types', () => {
    expect(() => parseShopperMessage(j({ t: 'join', token: 'x', code: '123456' }))).toThrow(/^t must be one of/);
    expect(() => parseShopperMessage(j({ t: 'annotate', annotation }))).toThrow(/^t must be one of/);
    expect(() => parseShopperMessage(j({ t: 'unannotate', id: 'mark-1' }))).toThrow(/^t must be one of/);
    expect(() => parseShopperMessage(j({ t: 'clear-marks' }))).toThrow(/^t must be one of/);
    expect(() => parseShopperMessage(j({ t: 'ping', n: 1 }))).toThrow(/^t must be one of/);
  });

  it('does not copy unknown keys into the result', () => {
    expect(parseShopperMessage(j({ t: 'stop', extra: 1, admin: true }))).toStrictEqual({ t: 'stop' });
    expect(parseShopperMessage(j({ t: 'hello', lang: 'de', role: 'agent' }))).toStrictEqual({ t: 'hello', lang: 'de' });
  });

  it('accepts a message of exactly the cap and rejects one character more', () => {
    expect(parseShopperMessage(padTo({ t: 'stop' }, MAX_SHOPPER_CONTROL_CHARS))).toEqual({ t: 'stop' });
    expect(() => parseShopperMessage(padTo({ t: 'stop' }, MAX_SHOPPER_CONTROL_CHARS + 1))).toThrow(
      `message longer than ${MAX_SHOPPER_CONTROL_CHARS} characters`,
    );
  });
});

describe('parseAgentMessage', () => {
  const ticket = 'Zm9vYmFy_-0123456789abcdefghijklmnopqrstuvw';

  it('accepts join with a ticket and a 6-digit code', () => {
    expect(parseAgentMessage(j({ t: 'join', ticket, code: '012345' }))).toEqual({ t: 'join', ticket, code: '012345' });
  });

  it('requires the code to be exactly 6 digits', () => {
    for (const code of ['12345', '1234567', '12345a', ' 12345', '123 456', '١٢٣٤٥٦']) {
      expect(() => parseAgentMessage(j({ t: 'join', ticket, code }))).toThrow(ProtocolError);
    }
    expect(() => parseAgentMessage(j({ t: 'join', ticket, code: 123456 }))).toThrow('code must be a string');
    expect(() => parseAgentMessage(j({ t: 'join', ticket }))).toThrow('code must be a string');
  });

  it('rejects join without a ticket, or with an empty, oversized or non-base64url one', () => {
    expect(() => parseAgentMessage(j({ t: 'join', code: '123456' }))).toThrow('ticket must be a string');
    expect(() => parseAgentMessage(j({ t: 'join', ticket: '', code: '123456' }))).toThrow('ticket must be 1..64 characters');
    expect(() => parseAgentMessage(j({ t: 'join', ticket: 'x'.repeat(65), code: '123456' }))).toThrow('ticket must be 1..64 characters');
    expect(() => parseAgentMessage(j({ t: 'join', ticket: 'a.b.c', code: '123456' }))).toThrow(ProtocolError);
  });

  it('never takes a JWT on the socket: the old join with a token is refused', () => {
    expect(() => parseAgentMessage(j({ t: 'join', token: 'eyJhbGciOiJIUzI1NiJ9.e30.sig', code: '123456' }))).toThrow('ticket must be a string');
  });

  it('accepts annotate and rebuilds the annotation', () => {
    const msg = parseAgentMessage(j({ t: 'annotate', annotation }));
    expect(msg).toEqual({ t: 'annotate', annotation });
  });

  it('rejects annotate with a missing or invalid annotation', () => {
    expect(() => parseAgentMessage(j({ t: 'annotate' }))).toThrow('annotation must be an object');
    expect(() => parseAgentMessage(j({ t: 'annotate', annotation: { ...annotation, color: 'red' } }))).toThrow('color has an invalid format');
  });

  it('accepts resync and end', () => {
    expect(parseAgentMessage(j({ t: 'resync' }))).toEqual({ t: 'resync' });
    expect(parseAgentMessage(j({ t: 'end' }))).toEqual({ t: 'end' });
  });

  it('accepts annotate for every shape', () => {
    const marks = [
      { ...annotation, shape: 'element', anchor: { node: 17, x: 0, y: 0, w: 1, h: 1 } },
      { ...annotation, shape: 'text', text: 'Pay here' },
      { ...annotation, shape: 'arrow', points: [{ x: 0, y: 0 }, { x: 1, y: 1 }] },
      { ...annotation, shape: 'pen', points: [{ x: 0, y: 0 }, { x: 0.5, y: 1 }, { x: 1, y: 0 }] },
      { ...annotation, shape: 'laser', points: [{ x: 0.5, y: 0.5 }] },
    ];
    for (const mark of marks) expect(parseAgentMessage(j({ t: 'annotate', annotation: mark }))).toStrictEqual({ t: 'annotate', annotation: mark });
  });

  it('accepts unannotate with a mark id and rejects a bad or missing id', () => {
    expect(parseAgentMessage(j({ t: 'unannotate', id: 'mark-1', by: 'someone-else' }))).toStrictEqual({ t: 'unannotate', id: 'mark-1' });
    expect(() => parseAgentMessage(j({ t: 'unannotate' }))).toThrow('id must be a string');
    expect(() => parseAgentMessage(j({ t: 'unannotate', id: '*' }))).toThrow('id has an invalid format');
    expect(() => parseAgentMessage(j({ t: 'unannotate', id: 'a'.repeat(33) }))).toThrow('id must be 1..32 characters');
  });

  it('accepts clear-marks without copying other fields (an agent cannot name whose marks)', () => {
    expect(parseAgentMessage(j({ t: 'clear-marks', by: { id: 'agent-bob' } }))).toStrictEqual({ t: 'clear-marks' });
  });

  it('accepts ping with an unsigned 32-bit counter and rejects anything else', () => {
    expect(parseAgentMessage(j({ t: 'ping', n: 0 }))).toStrictEqual({ t: 'ping', n: 0 });
    expect(parseAgentMessage(j({ t: 'ping', n: 0xffffffff, at: 5 }))).toStrictEqual({ t: 'ping', n: 0xffffffff });
    expect(() => parseAgentMessage(j({ t: 'ping' }))).toThrow('n must be a finite number');
    expect(() => parseAgentMessage(j({ t: 'ping', n: -1 }))).toThrow('n must be within 0..4294967295');
    expect(() => parseAgentMessage(j({ t: 'ping', n: 2 ** 32 }))).toThrow('n must be within 0..4294967295');
    expect(() => parseAgentMessage(j({ t: 'ping', n: 1.5 }))).toThrow('n must be an integer');
    expect(() => parseAgentMessage(j({ t: 'ping', n: '1' }))).toThrow('n must be a finite number');
  });

  it('rejects shopper-only message types', () => {
    expect(() => parseAgentMessage(j({ t: 'consent', requestId: 'r', allow: true }))).toThrow(/^t must be one of/);
    expect(() => parseAgentMessage(j({ t: 'stop' }))).toThrow(/^t must be one of/);
    expect(() => parseAgentMessage(j({ t: 'dismiss' }))).toThrow(/^t must be one of/);
    expect(() => parseAgentMessage(j({ t: 'pong', n: 1 }))).toThrow(/^t must be one of/);
  });

  it('does not copy unknown keys into the result, including inside the annotation', () => {
    const msg = parseAgentMessage(
      j({ t: 'annotate', annotation: { ...annotation, onclick: 'x', anchor: { ...annotation.anchor, html: '<b>' } }, extra: 1 }),
    );
    expect(msg).toStrictEqual({ t: 'annotate', annotation });
    expect(parseAgentMessage(j({ t: 'join', ticket: 't', code: '000000', site: 'other', token: 'x' }))).toStrictEqual({
      t: 'join',
      ticket: 't',
      code: '000000',
    });
  });

  it('accepts a message of exactly the cap and rejects one character more', () => {
    expect(parseAgentMessage(padTo({ t: 'end' }, MAX_AGENT_CONTROL_CHARS))).toEqual({ t: 'end' });
    expect(() => parseAgentMessage(padTo({ t: 'end' }, MAX_AGENT_CONTROL_CHARS + 1))).toThrow(
      `message longer than ${MAX_AGENT_CONTROL_CHARS} characters`,
    );
  });

  it('does not pollute Object.prototype from __proto__ or constructor keys', () => {
    const annotationJson = j(annotation).replace(/^\{/, '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},');
    const text = `{"t":"annotate","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"annotation":${annotationJson}}`;
    // JSON.parse makes "__proto__" an own data property; make sure that premise holds for this test.
    expect(Object.prototype.hasOwnProperty.call(JSON.parse(text), '__proto__')).toBe(true);
    const msg = parseAgentMessage(text);
    expect(msg).toStrictEqual({ t: 'annotate', annotation });
    expect(Object.getPrototypeOf(msg)).toBe(Object.prototype);
    if (msg.t !== 'annotate') throw new Error('unreachable');
    expect(Object.getPrototypeOf(msg.annotation)).toBe(Object.prototype);
    expect((msg as unknown as Record<string, unknown>)['polluted']).toBeUndefined();
    expect((msg.annotation as unknown as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('parseRelayToShopper', () => {
  const session = { t: 'session', code: '000123', resumeToken: 'tok_1', stream: 3, state: 'waiting', viewers: [agent] };

  it('accepts session', () => {
    expect(parseRelayToShopper(j(session))).toEqual(session);
  });

  it('accepts every session state and an empty viewer list', () => {
    for (const state of ['waiting', 'consent', 'live', 'ended']) {
      expect(parseRelayToShopper(j({ ...session, state, viewers: [] }))).toEqual({ ...session, state, viewers: [] });
    }
  });

  it('rejects session with bad fields', () => {
    expect(() => parseRelayToShopper(j({ ...session, code: '12345' }))).toThrow('code has an invalid format');
    expect(() => parseRelayToShopper(j({ ...session, stream: 0 }))).toThrow('stream must be within 1..4294967295');
    expect(() => parseRelayToShopper(j({ ...session, stream: 1.5 }))).toThrow('stream must be an integer');
    expect(() => parseRelayToShopper(j({ ...session, stream: '3' }))).toThrow('stream must be a finite number');
    expect(() => parseRelayToShopper(j({ ...session, state: 'paused' }))).toThrow(/^state must be one of/);
    expect(() => parseRelayToShopper(j({ ...session, viewers: 'Alice' }))).toThrow('viewers must be an array of at most 32');
    expect(() => parseRelayToShopper(j({ ...session, resumeToken: undefined }))).toThrow('resumeToken must be a string');
  });

  it('caps the viewer list at 32', () => {
    const viewers = Array.from({ length: 32 }, (_, i) => ({ id: `a${i}`, name: `Agent ${i}` }));
    expect(parseRelayToShopper(j({ ...session, viewers }))).toMatchObject({ viewers });
    expect(() => parseRelayToShopper(j({ ...session, viewers: [...viewers, { id: 'x', name: 'X' }] }))).toThrow(
      'viewers must be an array of at most 32',
    );
  });

  it('validates each viewer', () => {
    expect(() => parseRelayToShopper(j({ ...session, viewers: [null] }))).toThrow('agent must be an object');
    expect(() => parseRelayToShopper(j({ ...session, viewers: [{ id: 'a' }] }))).toThrow('name must be a string');
    expect(() => parseRelayToShopper(j({ ...session, viewers: [{ name: 'A' }] }))).toThrow('id must be a string');
    expect(() => parseRelayToShopper(j({ ...session, viewers: [{ id: 'a', name: 'A', org: 5 }] }))).toThrow('org must be a string');
    expect(() => parseRelayToShopper(j({ ...session, viewers: [{ id: 'a', name: 'n'.repeat(129) }] }))).toThrow(
      'name must be 1..128 characters',
    );
  });

  it('keeps org only when present and drops unknown agent keys', () => {
    const msg = parseRelayToShopper(j({ ...session, viewers: [{ id: 'a', name: 'A', email: 'x@y' }, { ...agent, role: 'admin' }] }));
    expect(msg).toStrictEqual({ ...session, viewers: [{ id: 'a', name: 'A' }, agent] });
  });

  it('accepts join-request', () => {
    const msg = { t: 'join-request', requestId: 'req-1', agent };
    expect(parseRelayToShopper(j(msg))).toEqual(msg);
  });

  it('rejects join-request without an agent', () => {
    expect(() => parseRelayToShopper(j({ t: 'join-request', requestId: 'req-1' }))).toThrow('agent must be an object');
    expect(() => parseRelayToShopper(j({ t: 'join-request', requestId: 'req 1', agent }))).toThrow('requestId has an invalid format');
  });

  it('accepts state, viewers and snapshot', () => {
    expect(parseRelayToShopper(j({ t: 'state', state: 'live' }))).toEqual({ t: 'state', state: 'live' });
    expect(parseRelayToShopper(j({ t: 'viewers', viewers: [agent] }))).toEqual({ t: 'viewers', viewers: [agent] });
    expect(parseRelayToShopper(j({ t: 'snapshot' }))).toEqual({ t: 'snapshot' });
  });

  it('rejects state without a known state and viewers without a list', () => {
    expect(() => parseRelayToShopper(j({ t: 'state' }))).toThrow(/^state must be one of/);
    expect(() => parseRelayToShopper(j({ t: 'viewers' }))).toThrow('viewers must be an array of at most 32');
  });

  it('leaves annotation payloads unchecked for the recorder chunk, which validates them', () => {
    const msg = { t: 'annotation', op: 'add', annotation, by: agent };
    const parsed = parseRelayToShopper(j(msg));
    expect(parsed.t).toBe('annotation');
    if (parsed.t !== 'annotation') throw new Error('unreachable');
    expect(readAnnotationMessage(parsed.payload)).toEqual(msg);
  });

  it('readAnnotationMessage reads add, remove and clear', () => {
    expect(readAnnotationMessage({ t: 'annotation', op: 'add', annotation, by: agent })).toStrictEqual({ t: 'annotation', op: 'add', annotation, by: agent });
    expect(readAnnotationMessage({ t: 'annotation', op: 'remove', id: 'mark-1', by: agent })).toStrictEqual({ t: 'annotation', op: 'remove', id: 'mark-1', by: agent });
    expect(readAnnotationMessage({ t: 'annotation', op: 'clear', by: agent, id: 'mark-1' })).toStrictEqual({ t: 'annotation', op: 'clear', by: agent });
  });

  it('readAnnotationMessage rejects a missing or unknown op', () => {
    expect(() => readAnnotationMessage({ t: 'annotation', annotation, by: agent })).toThrow('op must be one of add, remove, clear');
    expect(() => readAnnotationMessage({ t: 'annotation', op: 'eval', by: agent })).toThrow('op must be one of add, remove, clear');
    expect(() => readAnnotationMessage({ t: 'annotation', op: 'clearAll', by: agent })).toThrow('op must be one of add, remove, clear');
  });

  it('readAnnotationMessage rejects a missing or invalid annotation, id or author', () => {
    expect(() => readAnnotationMessage({ t: 'annotation', op: 'add', annotation })).toThrow('agent must be an object');
    expect(() => readAnnotationMessage({ t: 'annotation', op: 'add', by: agent })).toThrow('annotation must be an object');
    expect(() => readAnnotationMessage({ t: 'annotation', op: 'add', annotation: { ...annotation, shape: 'script' }, by: agent })).toThrow(/^shape must be one of/);
    expect(() => readAnnotationMessage({ t: 'annotation', op: 'remove', by: agent })).toThrow('id must be a string');
    expect(() => readAnnotationMessage({ t: 'annotation', op: 'remove', id: 'a b', by: agent })).toThrow('id has an invalid format');
    expect(() => readAnnotationMessage({ t: 'annotation', op: 'remove', id: 'mark-1' })).toThrow('agent must be an object');
    expect(() => readAnnotationMessage({ t: 'annotation', op: 'clear', by: { name: 'Bob' } })).toThrow('id must be a string');
    expect(readAnnotationMessage({ op: 'add', annotation: { ...annotation, onload: 'x' }, by: { ...agent, role: 'admin' } })).toStrictEqual({ t: 'annotation', op: 'add', annotation, by: agent });
  });

  it('accepts ended with every reason and rejects other reasons', () => {
    for (const reason of ['shopper-stopped', 'agent-ended', 'shopper-left', 'expired']) {
      expect(parseRelayToShopper(j({ t: 'ended', reason }))).toEqual({ t: 'ended', reason });
    }
    expect(() => parseRelayToShopper(j({ t: 'ended', reason: 'crash' }))).toThrow(/^reason must be one of/);
  });

  it('accepts error with a bounded message', () => {
    expect(parseRelayToShopper(j({ t: 'error', message: 'nope' }))).toEqual({ t: 'error', message: 'nope' });
    expect(() => parseRelayToShopper(j({ t: 'error', message: 'x'.repeat(513) }))).toThrow('message must be 1..512 characters');
    expect(() => parseRelayToShopper(j({ t: 'error' }))).toThrow('message must be a string');
  });

  it('does not copy unknown keys into the result', () => {
    expect(parseRelayToShopper(j({ t: 'snapshot', html: '<img onerror=x>' }))).toStrictEqual({ t: 'snapshot' });
    expect(parseRelayToShopper(j({ t: 'state', state: 'live', extra: true }))).toStrictEqual({ t: 'state', state: 'live' });
  });

  it('rejects messages longer than twice the agent cap', () => {
    const cap = MAX_AGENT_CONTROL_CHARS * 2;
    expect(parseRelayToShopper(padTo({ t: 'snapshot' }, cap))).toEqual({ t: 'snapshot' });
    expect(() => parseRelayToShopper(padTo({ t: 'snapshot' }, cap + 1))).toThrow(`message longer than ${cap} characters`);
  });

  it('does not pollute Object.prototype via viewers', () => {
    const text = `{"t":"viewers","viewers":[{"id":"a","name":"A","__proto__":{"polluted":"yes"}}]}`;
    const msg = parseRelayToShopper(text);
    expect(msg).toStrictEqual({ t: 'viewers', viewers: [{ id: 'a', name: 'A' }] });
  });
});

describe('parseRelayToAgent', () => {
  it('accepts joining', () => {
    expect(parseRelayToAgent(j({ t: 'joining', code: '999999', site: 'demo' }))).toEqual({ t: 'joining', code: '999999', site: 'demo' });
  });

  it('rejects joining with a bad code or site', () => {
    expect(() => parseRelayToAgent(j({ t: 'joining', code: '99999', site: 'demo' }))).toThrow('code has an invalid format');
    expect(() => parseRelayToAgent(j({ t: 'joining', code: 'abcdef', site: 'demo' }))).toThrow('code has an invalid format');
    expect(() => parseRelayToAgent(j({ t: 'joining', code: '999999' }))).toThrow('site must be a string');
    expect(() => parseRelayToAgent(j({ t: 'joining', code: '999999', site: 's'.repeat(65) }))).toThrow('site must be 1..64 characters');
  });

  it('accepts consent and shopper presence', () => {
    expect(parseRelayToAgent(j({ t: 'consent', allow: false }))).toEqual({ t: 'consent', allow: false });
    expect(parseRelayToAgent(j({ t: 'shopper', connected: true }))).toEqual({ t: 'shopper', connected: true });
  });

  it('rejects consent and shopper with non-boolean fields', () => {
    expect(() => parseRelayToAgent(j({ t: 'consent', allow: 1 }))).toThrow('allow must be a boolean');
    expect(() => parseRelayToAgent(j({ t: 'shopper', connected: 'yes' }))).toThrow('connected must be a boolean');
  });

  it('accepts ended and error', () => {
    expect(parseRelayToAgent(j({ t: 'ended', reason: 'expired' }))).toEqual({ t: 'ended', reason: 'expired' });
    expect(parseRelayToAgent(j({ t: 'error', message: 'bad code' }))).toEqual({ t: 'error', message: 'bad code' });
    expect(() => parseRelayToAgent(j({ t: 'ended' }))).toThrow(/^reason must be one of/);
    expect(() => parseRelayToAgent(j({ t: 'error', message: '' }))).toThrow('message must be 1..512 characters');
  });

  it('accepts viewers, dismissed and pong', () => {
    expect(parseRelayToAgent(j({ t: 'viewers', viewers: [agent, { id: 'b', name: 'Bob' }] }))).toStrictEqual({ t: 'viewers', viewers: [agent, { id: 'b', name: 'Bob' }] });
    expect(parseRelayToAgent(j({ t: 'dismissed', by: 'x' }))).toStrictEqual({ t: 'dismissed' });
    expect(parseRelayToAgent(j({ t: 'pong', n: 7 }))).toStrictEqual({ t: 'pong', n: 7 });
  });

  it('rejects pong without a valid counter and viewers without a list', () => {
    expect(() => parseRelayToAgent(j({ t: 'pong' }))).toThrow('n must be a finite number');
    expect(() => parseRelayToAgent(j({ t: 'pong', n: -1 }))).toThrow('n must be within 0..4294967295');
    expect(() => parseRelayToAgent(j({ t: 'viewers', viewers: {} }))).toThrow('viewers must be an array of at most 32');
  });

  it('rejects shopper-bound message types', () => {
    expect(() => parseRelayToAgent(j({ t: 'snapshot' }))).toThrow(/^t must be one of/);
    expect(() => parseRelayToAgent(j({ t: 'annotation', annotation, by: agent }))).toThrow(/^t must be one of/);
  });

  it('does not copy unknown keys into the result', () => {
    expect(parseRelayToAgent(j({ t: 'consent', allow: true, token: 'secret' }))).toStrictEqual({ t: 'consent', allow: true });
  });

  it('rejects messages longer than the shopper cap', () => {
    expect(parseRelayToAgent(padTo({ t: 'consent', allow: true }, MAX_SHOPPER_CONTROL_CHARS))).toEqual({ t: 'consent', allow: true });
    expect(() => parseRelayToAgent(padTo({ t: 'consent', allow: true }, MAX_SHOPPER_CONTROL_CHARS + 1))).toThrow(
      `message longer than ${MAX_SHOPPER_CONTROL_CHARS} characters`,
    );
  });

  it('does not pollute Object.prototype via __proto__ in a message', () => {
    const msg = parseRelayToAgent('{"__proto__":{"polluted":"yes","t":"consent"},"t":"shopper","connected":false}');
    expect(msg).toStrictEqual({ t: 'shopper', connected: false });
  });
});
