/**
 * The SDK's own element: a zero-size fixed host with an open shadow root, blocked from the
 * recording (`rr-block` + `data-lookalong-ui`), so neither the widget nor the overlay is
 * ever sent to the agent. Styles go through constructable stylesheets, so a strict CSP on
 * the shop page does not break them.
 */

/** Selector that marks our UI for the recorder's blockSelector. */
export const UI_HOST_SELECTOR = '[data-lookalong-ui]';

/** The shadow root and its two layers. */
export interface UiHost {
  root: ShadowRoot;
  /** Widget panel and dialogs. */
  panel: HTMLElement;
  /** Annotations drawn for the agent (pointer-events: none). */
  overlay: HTMLElement;
}

const CSS = `
:host { all: initial; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", sans-serif; }
.panel { position: fixed; right: 16px; bottom: 16px; z-index: 2147483646; max-width: 320px; background: #fff; color: #1d2433;
  border: 1px solid #d5d9e2; border-radius: 12px; box-shadow: 0 8px 28px rgba(20, 30, 60, .18); padding: 14px 16px; font-size: 14px; line-height: 1.4; }
.panel[hidden], .backdrop[hidden] { display: none; }
.title { font-weight: 600; margin: 0 0 4px; font-size: 14px; }
.code { font-size: 28px; letter-spacing: 4px; font-variant-numeric: tabular-nums; font-weight: 700; margin: 4px 0; }
.hint { margin: 0 0 10px; color: #4a5468; }
.live { display: flex; align-items: center; gap: 8px; margin: 0 0 10px; }
.dot { width: 10px; height: 10px; border-radius: 50%; background: #d92d20; flex: none; }
button { font: inherit; border-radius: 8px; padding: 7px 14px; cursor: pointer; border: 1px solid #b8bfcc; background: #fff; color: #1d2433; }
button.primary { background: #1f5eff; border-color: #1f5eff; color: #fff; }
button.danger { background: #d92d20; border-color: #d92d20; color: #fff; }
button:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
.backdrop { position: fixed; inset: 0; z-index: 2147483647; background: rgba(10, 15, 30, .45); display: flex; align-items: center; justify-content: center; }
.dialog { background: #fff; color: #1d2433; border-radius: 14px; padding: 22px; max-width: 420px; width: calc(100% - 32px); box-shadow: 0 16px 48px rgba(0,0,0,.3); }
.dialog:focus { outline: none; }
.dialog h2 { font-size: 18px; margin: 0 0 10px; }
.dialog p { margin: 0 0 8px; font-size: 14px; }
.actions { display: flex; gap: 10px; justify-content: flex-end; margin-top: 16px; }
.overlay { position: fixed; inset: 0; pointer-events: none; z-index: 2147483645; overflow: hidden; }
.mark { position: fixed; border: 3px solid; border-radius: 6px; pointer-events: none; }
.mark-label { position: absolute; top: -22px; left: -3px; font-size: 12px; color: #fff; padding: 1px 6px; border-radius: 4px; white-space: nowrap; }
`;

function adoptStyles(root: ShadowRoot): void {
  if ('adoptedStyleSheets' in Document.prototype && typeof CSSStyleSheet.prototype.replaceSync === 'function') {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } else {
    const style = document.createElement('style');
    style.textContent = CSS;
    root.append(style);
  }
}

/** Creates (once) and returns the SDK's UI host. */
export function createUiHost(): UiHost {
  const host = document.createElement('div');
  host.setAttribute('data-lookalong-ui', '');
  host.className = 'rr-block';
  for (const [property, value] of [['position', 'fixed'], ['top', '0'], ['left', '0'], ['width', '0'], ['height', '0'], ['overflow', 'visible'], ['z-index', '2147483647']]) {
    host.style.setProperty(property!, value!, 'important');
  }
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root);
  const overlay = document.createElement('div');
  overlay.className = 'overlay';
  overlay.setAttribute('aria-hidden', 'true');
  const panel = document.createElement('div');
  root.append(overlay, panel);
  (document.body ?? document.documentElement).append(host);
  return { root, panel, overlay };
}

/** Creates an element with a class and optional text, the only way the SDK builds DOM. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
