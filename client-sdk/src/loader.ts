/**
 * `/sdk.js` — the only script a shop embeds. Holds the public API and the control socket; the
 * widget and consent dialog are a chunk fetched when help is requested (uiChunk.ts), the
 * recorder a chunk fetched after Allow.
 *
 *   <script src="https://lookalong.example/sdk.js" data-site="shop-key" async></script>
 */
import { pickStrings } from './i18n';
import { helpRequestTitle } from './helpTitle';
import { applyInitOptions, type InitOptions, type ShopSettings } from './initOptions';
import { serviceUrlsFrom } from './serviceUrls';
import { loadStoredSession } from './sessionStore';
import { ShopperSession, type SessionEvents } from './shopperSession';

declare const __RECORDER_VERSION__: string;
declare const __UI_VERSION__: string;

/** The `window.Lookalong` API. */
export interface LookalongApi {
  /** Shop settings, e.g. `{ shareTitle, privacy: { maskTextSelector, blockSelector, strict } }`; call before sharing starts. */
  init(options: InitOptions): void;
  /** Opens a help session; a `shopperToken` (from the shop backend's `POST /api/sessions`) joins the session it created. */
  requestHelp(shopperToken?: string): Promise<{ code: string }>;
  stop(): void;
  on<K extends keyof SessionEvents>(event: K, listener: (payload: SessionEvents[K]) => void): () => void;
}

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
  const api: LookalongApi = {
    init: (options) => applyInitOptions(options, settings),
    requestHelp: (shopperToken) => ensureSession().requestHelp(shopperToken),
    stop: () => session?.stop(),
    on: (event, listener) => ensureSession().events.on(event, listener),
  };
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
