/**
 * A seeded flood of hostile relay → shopper messages for the SDK attack test: annotation ops
 * with scripts in text, `javascript:` URLs, huge numbers, NaN-ish strings, prototype-pollution
 * keys, unknown shapes, markup in every field, deep nesting and wrong types; other message
 * kinds carrying the same; random JSON, random text and random bytes. Lifecycle messages that
 * would legitimately end or restart the session (a valid `ended`, `state`, `session`) are left
 * out: the point is what agent data can do while the page is shared.
 */
import { randomBytes } from 'node:crypto';
import { ANNOTATION_SHAPES } from '../../protocol/annotation';
import { HOSTILE_NUMBERS, HOSTILE_STRINGS, PROTO_KEYS } from './hostileValues';

/** One message down the shopper's socket: a text frame, or a binary frame. */
export type FloodItem = string | Buffer;

const EXTRA_KEYS = ['onclick', 'onerror', 'onload', 'href', 'src', 'srcdoc', 'style', 'innerHTML', 'outerHTML', 'html', 'action', 'url', 'selector', 'click', 'focus', 'eval', 'script'];
const KIND_NAMES = ['annotation', 'annotate', 'error', 'viewers', 'expiry', 'state', 'ended', 'session', 'join-request', 'navigate', 'click', 'eval', 'input', 'focus', 'submit', 'scroll', 'script', 'toString', 'valueOf', 'hasOwnProperty', ''];
const FIELDS = ['id', 'shape', 'color', 'stream', 'anchor', 'box', 'points', 'text'] as const;

/** Builds `count` hostile messages for a page recording `stream`, the same ones for the same seed. */
export function hostileFlood(count: number, stream: number, rnd: () => number): FloodItem[] {
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const chance = (p: number): boolean => rnd() < p;
  const hostileString = (): string => pick(HOSTILE_STRINGS);

  const randomJson = (depth: number): unknown => {
    if (depth <= 0 || chance(0.4)) {
      return pick<() => unknown>([() => hostileString(), () => pick(HOSTILE_NUMBERS), () => rnd() * 10 ** int(-3, 12), () => pick(KIND_NAMES), () => chance(0.5), () => null])();
    }
    if (chance(0.3)) return Array.from({ length: int(0, 5) }, () => randomJson(depth - 1));
    const obj: Record<string, unknown> = {};
    for (let i = int(0, 6); i > 0; i--) obj[pick([...FIELDS, ...EXTRA_KEYS, 't', 'op', 'by', 'annotation', 'x', 'y', 'w', 'h', 'node'])] = randomJson(depth - 1);
    return obj;
  };

  /** A well-formed annotation of `shape` (valid whenever the shape is). */
  const validAnnotation = (shape: string = pick(ANNOTATION_SHAPES)): Record<string, unknown> => {
    const annotation: Record<string, unknown> = {
      id: `m${int(0, 80)}`,
      shape,
      color: pick(['#ff5a1f', '#1f5eff', '#000000', '#ffffff']),
      stream,
      anchor: chance(0.3) ? { node: int(1, 400), x: 0, y: 0, w: 1, h: 1 } : null,
      box: { x: int(0, 1200), y: int(0, 900), w: int(1, 300), h: int(1, 200) },
    };
    if (shape === 'arrow') annotation['points'] = [{ x: 0, y: 0 }, { x: 1, y: 1 }];
    if (shape === 'pen' || shape === 'laser') annotation['points'] = Array.from({ length: int(2, 30) }, () => ({ x: rnd(), y: rnd() }));
    if (shape === 'text') annotation['text'] = hostileString();
    return annotation;
  };
  const hostileAgent = (): unknown =>
    chance(0.7) ? { id: pick([hostileString().slice(0, 200), 'agent-mallory']), name: hostileString().slice(0, 128) } : pick([hostileString(), null, [], randomJson(2)]);

  const mutatedAnnotation = (): unknown => {
    const annotation = validAnnotation(chance(0.85) ? undefined : pick(['script', 'html', 'img', 'iframe', 'svg', 'a', 'RECT', '']));
    for (let i = int(1, 3); i > 0; i--) {
      const field = pick(FIELDS);
      annotation[field] = pick<() => unknown>([
        () => hostileString(),
        () => pick(HOSTILE_NUMBERS),
        () => ({ node: pick(HOSTILE_NUMBERS), x: pick(HOSTILE_NUMBERS), y: 0, w: 1, h: 1 }),
        () => ({ x: pick(HOSTILE_NUMBERS), y: pick(HOSTILE_NUMBERS), w: 1e12, h: -5 }),
        () => Array.from({ length: pick([0, 1, 3, 401, 2000]) }, () => ({ x: pick(HOSTILE_NUMBERS), y: hostileString() })),
        () => 'x'.repeat(int(281, 5000)),
        () => randomJson(3),
      ])();
    }
    if (chance(0.5)) annotation[pick(EXTRA_KEYS)] = hostileString();
    return annotation;
  };

  const annotationMessage = (): unknown =>
    pick<() => unknown>([
      () => ({ t: 'annotation', op: 'add', annotation: mutatedAnnotation(), by: hostileAgent() }),
      () => ({ t: 'annotation', op: 'add', annotation: mutatedAnnotation(), by: hostileAgent() }),
      () => ({ t: 'annotation', op: 'add', annotation: mutatedAnnotation(), by: hostileAgent() }),
      // Valid shapes carrying hostile text and author names: drawn, as text only.
      () => ({ t: 'annotation', op: 'add', annotation: validAnnotation(pick(['text', 'rect', 'pen'])), by: { id: 'agent-mallory', name: hostileString().slice(0, 128) } }),
      () => ({ t: 'annotation', op: pick(['remove', 'clear', 'add', 'delete', 'eval', 'click', ...PROTO_KEYS]), id: pick([hostileString(), 'm1', ...PROTO_KEYS]), by: hostileAgent() }),
      () => ({ t: 'annotation', ...(randomJson(3) as object) }),
    ])();

  /** Raw JSON text: keys that JSON.parse keeps as own properties but naive merges would not. */
  const protoText = (): string => {
    const key = pick(PROTO_KEYS);
    const payload = `{"polluted":true,"toString":"${hostileString().replace(/"/g, '\\"')}","prototype":{"polluted":true}}`;
    return pick([
      `{"t":"annotation","op":"add","${key}":${payload},"annotation":{"${key}":${payload},"id":"m1","shape":"rect","color":"#ff5a1f","stream":${stream},"anchor":null,"box":{"x":1,"y":1,"w":5,"h":5}},"by":{"${key}":${payload},"id":"a","name":"b"}}`,
      `{"t":"annotation","op":"add","annotation":{"id":"m1","shape":"${key}","color":"#ff5a1f","stream":${stream},"anchor":null,"box":{"${key}":${payload},"x":1,"y":1,"w":5,"h":5}},"by":{"id":"a","name":"b"}}`,
      `{"${key}":{"t":"annotation","op":"clear","by":{"id":"a","name":"b"}}}`,
      `{"t":"${key}"}`,
      `{"t":"annotation","op":"${key}","by":${payload}}`,
      `{"t":"viewers","viewers":[{"${key}":${payload},"id":"x","name":"y"}]}`,
    ]);
  };

  const nested = (): string => {
    const n = int(100, 6000);
    return pick([
      `{"t":"annotation","op":"add","annotation":${'{"box":'.repeat(n)}1${'}'.repeat(n)},"by":{"id":"a","name":"b"}}`,
      `{"t":"annotation","op":"add","annotation":{"points":${'['.repeat(n)}${']'.repeat(n)}},"by":{"id":"a","name":"b"}}`,
      `${'['.repeat(n)}${']'.repeat(n)}`,
    ]);
  };

  const otherKind = (): unknown =>
    pick<() => unknown>([
      () => ({ t: 'error', message: hostileString() }),
      () => ({ t: 'viewers', viewers: [{ id: 'agent-mallory', name: hostileString().slice(0, 128), org: hostileString().slice(0, 128) }] }),
      () => ({ t: 'viewers', viewers: pick(HOSTILE_NUMBERS) }),
      () => ({ t: 'expiry', expiresInMs: pick(HOSTILE_NUMBERS) }),
      () => ({ t: 'state', state: pick([hostileString(), 'LIVE', 'ended ', ...PROTO_KEYS]) }),
      () => ({ t: 'ended', reason: pick([hostileString(), ...PROTO_KEYS]) }),
      () => ({ t: 'session', code: hostileString(), resumeToken: hostileString(), stream: pick(HOSTILE_NUMBERS), state: 'live', viewers: [] }),
      () => ({ t: 'join-request', requestId: hostileString(), agent: hostileAgent() }),
      () => ({ t: pick(KIND_NAMES.filter((k) => !['error', 'viewers', 'expiry', 'state', 'ended', 'session', 'annotation', 'join-request'].includes(k))), url: hostileString(), selector: '#buy' }),
    ])();

  const randomText = (): string => String.fromCodePoint(...Array.from({ length: int(1, 200) }, () => pick([int(0, 0x7f), int(0x80, 0xd7ff), int(0xe000, 0x10ffff)])));

  const one = (): FloodItem =>
    pick<() => FloodItem>([
      ...Array<() => FloodItem>(9).fill(() => JSON.stringify(annotationMessage())),
      () => protoText(),
      () => protoText(),
      () => nested(),
      () => JSON.stringify(otherKind()),
      () => JSON.stringify(otherKind()),
      () => JSON.stringify(randomJson(5)),
      () => JSON.stringify(randomJson(5)),
      () => randomText(),
      () => (chance(0.5) ? randomBytes(int(0, 2048)) : Buffer.from(JSON.stringify(annotationMessage()))),
      () => (chance(0.1) ? `{"t":"annotation","op":"add","pad":"${'x'.repeat(40_000)}"}` : randomText()),
    ])();
  return Array.from({ length: count }, one);
}
