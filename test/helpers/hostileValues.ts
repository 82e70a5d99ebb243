/**
 * Hostile payloads shared by the view-only attack tests: strings that would run script,
 * navigate or inject markup if anything ever interpreted them (each sets `window.__pwned`), and
 * recorded rrweb events (types 0–6, input sources) an attacker might pass off as agent data.
 */

/** Every string here contains this marker, so a leak is easy to search for. */
export const PWN_MARKER = '__pwned';

/** Markup, script, URL and CSS injections, plus names and numbers that trip naive code. */
export const HOSTILE_STRINGS: readonly string[] = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=1</script>',
  '"><svg onload="window.__pwned=1"><script>window.__pwned=1</script></svg>',
  '<svg><script>window.__pwned=1</script></svg>',
  'javascript:window.__pwned=1',
  ' JaVaScRiPt:window.__pwned=1//',
  'data:text/html,<script>window.__pwned=1</script>',
  '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  '<a href="javascript:window.__pwned=1" id="__pwned">click</a>',
  'red;background:url(javascript:window.__pwned=1)',
  '</style><script>window.__pwned=1</script>',
  '<form action="javascript:window.__pwned=1"><button>go</button></form>',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=1">',
  '{{constructor.constructor("window.__pwned=1")()}}',
  '${window.__pwned=1}',
  '\u202e\u0000<b>__pwned</b>',
];

/** Numbers out of every coordinate and id range, strings that look like numbers, and wrong types. */
export const HOSTILE_NUMBERS: readonly unknown[] = [
  1e308, -1e308, 1e21, -1e7, Number.MAX_SAFE_INTEGER + 2, 2 ** 32, 'NaN', 'Infinity', '-Infinity', '1e309', '0x10', '5', '',
  null, true, [], {}, [1, 2],
];

/** Keys that pollute prototypes when code merges objects naively. */
export const PROTO_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** rrweb event types 0–6 and the incremental sources that carry clicks, focus, scrolls and input. */
export const RRWEB_EVENTS: readonly object[] = [
  { type: 0, data: {}, timestamp: 1 },
  { type: 1, data: {}, timestamp: 1 },
  {
    type: 2,
    data: {
      node: { type: 0, id: 1, childNodes: [{ type: 2, id: 2, tagName: 'script', attributes: {}, childNodes: [{ type: 3, id: 3, textContent: 'window.__pwned=1' }] }] },
      initialOffset: { top: 0, left: 0 },
    },
    timestamp: 1,
  },
  {
    type: 3,
    data: { source: 0, adds: [], removes: [], texts: [], attributes: [{ id: 5, attributes: { onclick: 'window.__pwned=1', href: 'javascript:window.__pwned=1' } }] },
    timestamp: 1,
  },
  { type: 3, data: { source: 1, positions: [{ x: 10, y: 10, id: 5, timeOffset: 0 }] }, timestamp: 1 },
  { type: 3, data: { source: 2, type: 2, id: 5, x: 10, y: 10 }, timestamp: 1 },
  { type: 3, data: { source: 2, type: 5, id: 5 }, timestamp: 1 },
  { type: 3, data: { source: 3, id: 1, x: 0, y: 5000 }, timestamp: 1 },
  { type: 3, data: { source: 4, width: 1, height: 1 }, timestamp: 1 },
  { type: 3, data: { source: 5, id: 7, text: 'window.__pwned=1', isChecked: true, userTriggered: true }, timestamp: 1 },
  { type: 3, data: { source: 7, type: 0, id: 8 }, timestamp: 1 },
  { type: 4, data: { href: 'javascript:window.__pwned=1', width: 1, height: 1 }, timestamp: 1 },
  { type: 5, data: { tag: 'navigate', payload: { url: 'https://evil.example/__pwned' } }, timestamp: 1 },
  { type: 6, data: { plugin: 'rrweb/console@1', payload: { level: 'log', payload: ['__pwned'] } }, timestamp: 1 },
];
