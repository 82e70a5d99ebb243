/**
 * `@lookalong/sdk`: loads the Lookalong SDK into a page built with a bundler, typed.
 *
 * It only adds `<script src="${server}/sdk.js" data-site=…>` to the page and waits for
 * `window.Lookalong`. Nothing of the recorder or the widget is in here: the SDK's code comes
 * from the Lookalong server (so it always speaks that server's protocol), and the recorder is
 * fetched by the SDK only after the shopper clicks Allow.
 *
 * No side effects on import: nothing touches `window` until `loadLookalong` is called.
 */
import type { LookalongApi } from '../../src/publicApi';

export type { LookalongApi, LookalongEvents, LookalongInitOptions, LookalongPrivacyOptions, LookalongState } from '../../src/publicApi';

/** Options of `loadLookalong`: the script tag's `src` and its `data-*` attributes. */
export interface LoadLookalongOptions {
  /**
   * Where the Lookalong server is, as an `http:` or `https:` URL, e.g.
   * `https://help.example.com` (a path prefix is kept: `https://example.com/lookalong`).
   * The SDK is loaded from `${server}/sdk.js`.
   */
  server: string;
  /** The site key the server knows this shop by (`data-site`). */
  site: string;
  /**
   * The shopper's language (`data-lang`): `zh-CN` or `en`; any tag starting with `zh` gets
   * Simplified Chinese, anything else English. Default: the browser's language.
   */
  lang?: 'en' | 'zh-CN' | (string & {});
  /** `false`: help requests carry no page title into the agents' queue (`data-share-title="false"`). Default `true`. */
  shareTitle?: boolean;
  /** How long to wait for `/sdk.js` before rejecting, in milliseconds. Default 15000. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** The first call's loading, shared by every later call (cleared when it fails, so a later call retries). */
let loading: { key: string; promise: Promise<LookalongApi> } | null = null;

function fail(message: string): Error {
  return new Error(`[Lookalong] ${message}`);
}

function lookalongOnWindow(): LookalongApi | undefined {
  return (window as { Lookalong?: LookalongApi }).Lookalong;
}

/** The `/sdk.js` URL of `server`, or an error saying what is wrong with it. */
function sdkUrl(server: unknown): string | Error {
  let url: URL;
  try {
    if (typeof server !== 'string') throw new TypeError();
    url = new URL(server);
  } catch {
    return fail(`loadLookalong: server must be an http(s) URL such as "https://help.example.com", got ${JSON.stringify(server)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return fail(`loadLookalong: server must be an http(s) URL, got ${JSON.stringify(server)}`);
  if (url.search || url.hash || url.username || url.password) return fail(`loadLookalong: server must be a plain http(s) URL without query, fragment or credentials, got ${JSON.stringify(server)}`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}/sdk.js`;
}

/**
 * Loads the Lookalong SDK from `options.server` and resolves with its API (`window.Lookalong`).
 *
 * Adds the script tag once: later calls return the same promise (a call with other options is
 * warned about in the console and gets the first SDK). Resolves at once when `window.Lookalong`
 * already exists (the page also has the script tag). Rejects with an Error when the options are
 * invalid, the script fails to load, it loads without defining `window.Lookalong`, or it takes
 * longer than `timeoutMs`; after a rejection the next call tries again.
 */
export function loadLookalong(options: LoadLookalongOptions): Promise<LookalongApi> {
  if (typeof window === 'undefined' || typeof document === 'undefined') {
    return Promise.reject(fail('loadLookalong runs in the browser only: call it after the page is mounted (useEffect, onMounted)'));
  }
  const { server, site, lang, shareTitle, timeoutMs = DEFAULT_TIMEOUT_MS } = options ?? ({} as LoadLookalongOptions);
  const src = sdkUrl(server);
  if (src instanceof Error) return Promise.reject(src);
  if (typeof site !== 'string' || !site.trim()) return Promise.reject(fail('loadLookalong: site must be your non-empty site key'));
  if (lang !== undefined && typeof lang !== 'string') return Promise.reject(fail('loadLookalong: lang must be a language tag such as "zh-CN" or "en"'));
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0)) return Promise.reject(fail('loadLookalong: timeoutMs must be a positive number of milliseconds'));

  const key = JSON.stringify([src, site, lang ?? null, shareTitle !== false]);
  if (loading) {
    if (loading.key !== key) console.warn('[Lookalong] loadLookalong was called again with other options; the SDK loaded by the first call is used');
    return loading.promise;
  }
  const present = lookalongOnWindow();
  if (present) {
    loading = { key, promise: Promise.resolve(present) };
    return loading.promise;
  }

  const current: { key: string; promise: Promise<LookalongApi> } = {
    key,
    promise: new Promise<LookalongApi>((resolve, reject) => {
      const script = document.createElement('script');
      const settle = (error: Error | null): void => {
        clearTimeout(timer);
        script.removeEventListener('load', onLoad);
        script.removeEventListener('error', onError);
        const api = lookalongOnWindow();
        if (!error && api) return resolve(api);
        if (loading === current) loading = null;
        script.remove();
        reject(error ?? fail(`${src} loaded but did not define window.Lookalong (is it the Lookalong server? see the console for the SDK's own message)`));
      };
      const onLoad = (): void => settle(null);
      const onError = (): void => settle(fail(`could not load ${src} (server unreachable, wrong URL, or blocked by the page's Content-Security-Policy)`));
      const timer = setTimeout(() => settle(fail(`${src} did not load within ${timeoutMs} ms`)), timeoutMs);
      script.addEventListener('load', onLoad);
      script.addEventListener('error', onError);
      script.async = true;
      script.src = src;
      script.dataset['site'] = site;
      if (lang) script.dataset['lang'] = lang;
      if (shareTitle === false) script.dataset['shareTitle'] = 'false';
      (document.head ?? document.documentElement).appendChild(script);
    }),
  };
  loading = current;
  return current.promise;
}
