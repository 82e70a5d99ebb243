/**
 * Traps installed in a shopper page before any of its scripts (context.addInitScript), to prove
 * that messages thrown at the SDK did nothing to the page: any script run by a payload (it sets
 * `window.__pwned`), CSP violations, DOM changes outside the SDK's own UI host, user-input
 * events on page elements, scrolling, unloading, prototype pollution, storage writes. The SDK's
 * overlay is watched separately, to count the marks it drew.
 */

/** What the traps saw between `arm()` and `report()`. */
export interface AttackReport {
  /** Assignments to `window.__pwned` (a payload ran). */
  pwned: string[];
  cspViolations: string[];
  /** DOM mutations outside `[data-lookalong-ui]`. */
  mutations: string[];
  /** Input, focus and form events on page elements (outside the SDK's host). */
  events: string[];
  /** beforeunload / pagehide. */
  unloads: number;
  scroll: { x: number; y: number };
  href: string;
  /** Own properties added to built-in prototypes since `arm()`. */
  prototypeChanges: string[];
  /** `({}).polluted` and friends read through the prototype chain. */
  inherited: string[];
  cookie: string;
  localStorageKeys: number;
  /** Marks the overlay drew, by the agent name on their label ('' for a laser). */
  drawnByLabel: Record<string, number>;
}

/** The page-side controls (window.__attack). */
export interface AttackTraps {
  /** Starts watching; call once the SDK's UI host exists and the page is live. */
  arm(): void;
  report(): AttackReport;
}

declare global {
  interface Window {
    __attack?: AttackTraps;
  }
}

/** The init script; passed to `context.addInitScript`, so it must be self-contained. */
export function installAttackTraps(): void {
  const pwned: string[] = [];
  Object.defineProperty(window, '__pwned', { configurable: false, get: () => undefined, set: (value: unknown) => pwned.push(String(value)) });
  const cspViolations: string[] = [];
  document.addEventListener('securitypolicyviolation', (e) => cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  let armed = false;
  let unloads = 0;
  const events: string[] = [];
  const mutations: string[] = [];
  const drawnByLabel: Record<string, number> = {};
  const HOST = '[data-lookalong-ui]';
  const ours = (node: Node | null): boolean => {
    const element = node instanceof Element ? node : node?.parentElement;
    return !!element?.closest(HOST);
  };
  const describe = (node: Node | null): string => (node instanceof Element ? `<${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ''}>` : String(node?.nodeName));
  for (const type of ['beforeunload', 'pagehide']) addEventListener(type, () => (unloads += 1));
  const inputEvents = ['click', 'dblclick', 'auxclick', 'contextmenu', 'mousedown', 'mouseup', 'pointerdown', 'pointerup', 'keydown', 'keyup', 'keypress', 'beforeinput', 'input', 'change', 'submit', 'reset', 'focusin', 'select', 'invalid', 'toggle'];
  for (const type of inputEvents) {
    document.addEventListener(type, (e) => {
      if (armed && !ours(e.target as Node)) events.push(`${type} on ${describe(e.target as Node)} (trusted: ${e.isTrusted})`);
    }, true);
  }
  const protoTargets: Array<[string, object]> = [['Object', Object.prototype], ['Array', Array.prototype], ['Function', Function.prototype], ['String', String.prototype], ['Element', Element.prototype]];
  let protoBaseline = new Map<string, string[]>();

  window.__attack = {
    arm() {
      armed = true;
      protoBaseline = new Map(protoTargets.map(([name, proto]) => [name, Object.getOwnPropertyNames(proto)]));
      new MutationObserver((records) => {
        for (const r of records) if (!ours(r.target)) mutations.push(`${r.type} on ${describe(r.target)}${r.attributeName ? ` [${r.attributeName}]` : ''}`);
      }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
      const overlay = document.querySelector(HOST)?.firstElementChild?.shadowRoot?.querySelector('.overlay');
      if (!overlay) throw new Error('the SDK overlay is not on the page');
      new MutationObserver((records) => {
        for (const r of records) {
          for (const node of r.addedNodes) {
            if (!(node instanceof Element) || !node.classList.contains('mark')) continue;
            const label = node.querySelector(':scope > .mark-label')?.textContent ?? '';
            drawnByLabel[label] = (drawnByLabel[label] ?? 0) + 1;
          }
        }
      }).observe(overlay, { childList: true });
    },
    report() {
      const probe = {} as Record<string, unknown>;
      return {
        pwned,
        cspViolations,
        mutations,
        events,
        unloads,
        scroll: { x: scrollX, y: scrollY },
        href: location.href,
        prototypeChanges: protoTargets.flatMap(([name, proto]) =>
          Object.getOwnPropertyNames(proto).filter((key) => !protoBaseline.get(name)?.includes(key)).map((key) => `${name}.prototype.${key}`)),
        inherited: ['polluted', 'isAdmin', 'onclick', 'href'].filter((key) => probe[key] !== undefined || ([] as unknown as Record<string, unknown>)[key] !== undefined),
        cookie: document.cookie,
        localStorageKeys: localStorage.length,
        drawnByLabel,
      };
    },
  };
}
