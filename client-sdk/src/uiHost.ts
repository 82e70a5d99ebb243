/**
 * The SDK's own element: a zero-size fixed host with an open shadow root, blocked from the
 * recording (`rr-block` + `data-lookalong-ui`), so neither the widget nor the overlay is
 * ever sent to the agent. Styles go through constructable stylesheets, so a strict CSP on
 * the shop page does not break them.
 */

import { createDock, type Dock } from './dock';
import CSS from './sdkUi.css?inline';

/** Selector that marks our UI for the recorder's blockSelector. */
export const UI_HOST_SELECTOR = '[data-lookalong-ui]';

/**
 * The shadow root and its layers. The shadow root is attached to an element *inside* the
 * blocked host, before it joins the document: rrweb observes the shadow roots of every
 * element it serialises — a blocked host included — but never serialises a blocked host's
 * children, so it never sees this shadow root, its mutations or its adopted stylesheets.
 */
export interface UiHost {
  root: ShadowRoot;
  /** The one direct child of the shadow root; all SDK elements go inside it (defence in depth). */
  layer: HTMLElement;
  /** The loader's panel and dialogs. */
  panel: HTMLElement;
  /** Annotations drawn for the agent (pointer-events: none). */
  overlay: HTMLElement;
  /** Keeps the widget and the indicator in a corner clear of the page's fixed bars. */
  dock: Dock;
}

/** Adds a stylesheet to the SDK's shadow root (constructable, so a strict CSP on the page does not block it). */
export function adoptStyles(ui: Pick<UiHost, 'root' | 'layer'>, css: string): void {
  if ('adoptedStyleSheets' in Document.prototype && typeof CSSStyleSheet.prototype.replaceSync === 'function') {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    ui.root.adoptedStyleSheets = [...ui.root.adoptedStyleSheets, sheet];
  } else {
    const style = document.createElement('style');
    style.textContent = css;
    ui.layer.prepend(style);
  }
}

/** Creates (once, before any recording) and returns the SDK's UI host. */
export function createUiHost(): UiHost {
  const host = document.createElement('div');
  host.setAttribute('data-lookalong-ui', '');
  host.className = 'rr-block';
  for (const [property, value] of [['position', 'fixed'], ['top', '0'], ['left', '0'], ['width', '0'], ['height', '0'], ['overflow', 'visible'], ['z-index', '2147483647']]) {
    host.style.setProperty(property!, value!, 'important');
  }
  const shadowHost = el('div');
  const root = shadowHost.attachShadow({ mode: 'open' });
  host.append(shadowHost);
  const layer = el('div');
  const overlay = el('div', 'overlay');
  overlay.setAttribute('aria-hidden', 'true');
  const panel = el('div');
  layer.append(overlay, panel);
  root.append(layer);
  adoptStyles({ root, layer }, CSS);
  (document.body ?? document.documentElement).append(host);
  return { root, layer, panel, overlay, dock: createDock(host) };
}

/** Creates an element with a class and optional text, the only way the SDK builds DOM. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A button that answers trusted user events only (a page script's `click()` does nothing). */
export function trustedButton(label: string, className: string, onPress: () => void): HTMLButtonElement {
  const button = el('button', className, label);
  button.type = 'button';
  button.addEventListener('click', (event) => event.isTrusted && onPress());
  return button;
}
