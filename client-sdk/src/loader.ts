/**
 * `/sdk.js` — the only script a shop embeds. Holds the public API and the control socket; the
 * widget and consent dialog are a chunk fetched when help is requested (uiChunk.ts), the
 * recorder a chunk fetched after Allow.
 *
 *   <script src="https://lookalong.example/sdk.js" data-site="shop-key" async></script>
 */
import { pickStrings } from './i18n';
import { helpRequestTitle } from './helpTitle';
import { applyInitOptions, type ShopSettings } from './initOptions';
import { serviceUrlsFrom } from './serviceUrls';
import { loadStoredSession } from './sessionStore';
import type { LookalongApi } from './publicApi';
import { ShopperSession } from './shopperSession';

declare const __RECORDER_VERSION__: string;
declare const __UI_VERSION__: string;

/** The `window.Lookalong` API, declared in publicApi.ts (the npm package ships those types). */
export type { LookalongApi } from './publicApi';

declare global {
  interface Window {
    Lookalong?: LookalongApi;
  }
}

function install(script: HTMLScriptElement): void {
  const site = script.dataset['site'];
  if (!site) {
    console.error('[Lookalong] the script tag needs data-site="your-site-key"');
    return;
  }
  const { lang, strings } = pickStrings(script.dataset['lang'], navigator.language);
  let session: ShopperSession | null = null;
  const settings: ShopSettings = { privacy: {}, shareTitle: script.dataset['shareTitle'] !== 'false' };
  const ensureSession = (): ShopperSession => {
    session ??= new ShopperSession({
      urls: serviceUrlsFrom(script.src, __RECORDER_VERSION__, __UI_VERSION__),
      site,
      lang,
      strings,
      privacy: settings.privacy,
      helpTitle: () => (settings.shareTitle ? helpRequestTitle(document.title) : undefined),
    });
    return session;
  };
  const api = {
    init: (options) => applyInitOptions(options, settings),
    requestHelp: (shopperToken) => ensureSession().requestHelp(shopperToken),
    stop: () => session?.stop(),
    on: (event, listener) => ensureSession().events.on(event, listener),
  } satisfies LookalongApi;
  Object.defineProperty(window, 'Lookalong', { value: Object.freeze(api), configurable: false, writable: false });
  const start = (): void => {
    if (loadStoredSession()) ensureSession().resumeStored();
    window.dispatchEvent(new Event('lookalong:ready'));
  };
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
}

const currentScript = document.currentScript;
if (!window.Lookalong && currentScript instanceof HTMLScriptElement) install(currentScript);
