/**
 * A hand-made hostile rrweb recording, as a malicious shopper client could send it straight to
 * the relay, bypassing the SDK's recorder (which would have dropped scripts and `http-equiv`
 * metas): real script bodies, a zero-delay meta refresh, `<base href>`, `on*` handlers,
 * `javascript:` URLs, srcdoc and `javascript:` iframes, a sandbox attribute asking for scripts,
 * `<object>`/`<embed>`, a form posting to `javascript:`; then mutations that add a script and
 * set handlers on an existing node. Every payload reports to the execution trap.
 */
import { TRAP_PATH } from './executionTrap';

/** A serialized node in rrweb's snapshot format (the fields this recording uses). */
type Node =
  | { type: 0; id: number; childNodes: Node[] }
  | { type: 1; id: number; name: string; publicId: string; systemId: string }
  | { type: 2; id: number; tagName: string; attributes: Record<string, string>; childNodes: Node[]; isSVG?: true }
  | { type: 3; id: number; textContent: string };

/** The payload that reports `label` to the trap, as a script body or handler. */
function trapPayload(label: string): string {
  return `(function(l){try{top.__lookalongTrap(l)}catch(e){}try{top.__pwned=l}catch(e){}try{top.postMessage('lookalong-trap:'+l,'*')}catch(e){}try{new Image().src='${TRAP_PATH}'+l}catch(e){}try{console.log('lookalong-trap-ran:'+l)}catch(e){}})('${label}')`;
}

/** Builds the recording's events (Meta, FullSnapshot, then mutations) for a page at `href`. */
export function craftedHostileRecording(href: string): object[] {
  let nextId = 1;
  const el = (tagName: string, attributes: Record<string, string> = {}, ...childNodes: Node[]): Node => ({ type: 2, id: nextId++, tagName, attributes, childNodes });
  const svg = (tagName: string, attributes: Record<string, string> = {}, ...childNodes: Node[]): Node => ({ type: 2, id: nextId++, tagName, attributes, childNodes, isSVG: true });
  const text = (textContent: string): Node => ({ type: 3, id: nextId++, textContent });
  const js = (label: string): string => `javascript:${trapPayload(label)}`;
  const origin = new URL(href).origin;

  const document: Node = { type: 0, id: nextId++, childNodes: [] };
  const target = el('p', { id: 'crafted-target' }, text('Crafted hostile page'));
  document.childNodes.push(
    { type: 1, id: nextId++, name: 'html', publicId: '', systemId: '' },
    el(
      'html',
      { lang: 'en' },
      el(
        'head',
        {},
        el('meta', { 'http-equiv': 'refresh', content: `0;url=${origin}${TRAP_PATH}meta-refresh` }),
        el('meta', { 'http-equiv': 'Content-Security-Policy', content: "script-src * 'unsafe-inline'" }),
        el('base', { href: `${origin}${TRAP_PATH}base/` }),
        el('script', {}, text(trapPayload('crafted-head-script'))),
        el('script', { src: `${origin}${TRAP_PATH}external-script.js` }),
        el('style', {}, text(`.x { background: url("${js('crafted-css-url')}"); }`)),
      ),
      el(
        'body',
        { onload: trapPayload('crafted-body-onload'), onpageshow: trapPayload('crafted-body-onpageshow') },
        target,
        el('script', {}, text(trapPayload('crafted-body-script'))),
        el('img', { src: `${origin}/missing.png`, onerror: trapPayload('crafted-img-onerror') }),
        el('img', { src: 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', onload: trapPayload('crafted-img-onload') }),
        el('button', { id: 'crafted-button', onclick: trapPayload('crafted-onclick'), onmouseover: trapPayload('crafted-onmouseover') }, text('Crafted button')),
        el('a', { id: 'crafted-link', href: js('crafted-js-link') }, text('Crafted link')),
        el('a', { id: 'crafted-top-link', href: `${origin}${TRAP_PATH}crafted-top-navigation`, target: '_top' }, text('Crafted top link')),
        el('input', { id: 'crafted-input', autofocus: '', onfocus: trapPayload('crafted-onfocus') }),
        el('details', { open: '', ontoggle: trapPayload('crafted-ontoggle') }, el('summary', {}, text('Crafted details'))),
        svg('svg', { width: '20', height: '20', onload: trapPayload('crafted-svg-onload') }, svg('script', {}, text(trapPayload('crafted-svg-script')))),
        el('iframe', { srcdoc: `<script>${trapPayload('crafted-srcdoc')}</script>`, sandbox: 'allow-scripts allow-same-origin allow-top-navigation allow-popups' }),
        el('iframe', { src: js('crafted-iframe-src') }),
        el('object', { data: `data:text/html,<script>top.postMessage('lookalong-trap:crafted-object','*')</script>` }),
        el('embed', { src: `data:text/html,<script>top.postMessage('lookalong-trap:crafted-embed','*')</script>` }),
        el('form', { action: js('crafted-form-action') }, el('button', { id: 'crafted-submit', type: 'submit' }, text('Crafted submit'))),
      ),
    ),
  );
  const body = (document.childNodes[1] as Extract<Node, { type: 2 }>).childNodes[1]!;
  const lateScript = el('script', {}, text(trapPayload('crafted-mutation-script')));
  const lateImage = el('img', { src: `${origin}/missing-late.png`, onerror: trapPayload('crafted-mutation-img-onerror') });
  return [
    { type: 4, data: { href: js('crafted-meta-href'), width: 1024, height: 768 }, timestamp: 1 },
    { type: 2, data: { node: document, initialOffset: { top: 0, left: 0 } }, timestamp: 2 },
    {
      type: 3,
      data: {
        source: 0,
        adds: [
          { parentId: body.id, nextId: null, node: lateScript },
          { parentId: body.id, nextId: null, node: lateImage },
        ],
        removes: [],
        texts: [],
        attributes: [{ id: target.id, attributes: { onclick: trapPayload('crafted-mutation-onclick'), onmouseover: trapPayload('crafted-mutation-onmouseover'), style: `background:url("${js('crafted-mutation-css')}")` } }],
      },
      timestamp: 3,
    },
  ];
}
