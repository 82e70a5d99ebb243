/**
 * The SDK's own element: a zero-size fixed host with an open shadow root, blocked from the
 * recording (`rr-block` + `data-lookalong-ui`), so neither the widget nor the overlay is
 * ever sent to the agent. Styles go through constructable stylesheets, so a strict CSP on
 * the shop page does not break them.
 */

import CSS from './sdkUi.css?inline';

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
