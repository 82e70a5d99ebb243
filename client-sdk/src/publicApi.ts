// The public API of `/sdk.js` (`window.Lookalong`), as types only. The loader implements it
// (loader.ts: `satisfies LookalongApi`) and the npm package (client-sdk/package) ships it as
// its declarations. Self-contained on purpose — no imports — so the package's `index.d.ts` is
// built from this file alone; test/unit/sdkPackage.test.ts holds these types equal to the
// SDK's internal ones (shopperSession.ts, initOptions.ts, recorderChunk.ts).

/** States reported by `on('state', …)`: `idle` → `waiting` (code shown) → `consent` → `live` → `ended`. */
export type LookalongState = 'idle' | 'waiting' | 'consent' | 'live' | 'ended';

/** Events of `on(event, listener)` and their payloads. */
export interface LookalongEvents {
  /** The session's state changed. */
  state: LookalongState;
  /** The 6-digit session code, when it is assigned. */
  code: string;
}

/** Extra privacy rules of a shop (defaults already mask every input and payment field). */
export interface LookalongPrivacyOptions {
  /** Extra elements whose text is masked (a CSS selector). */
  maskTextSelector?: string;
  /** Extra elements replaced by an empty box (a CSS selector). */
  blockSelector?: string;
  /** Mask all text on the page. */
  strict?: boolean;
}

/** What a shop may pass to `init`; an invalid field is reported in the console and ignored. */
export interface LookalongInitOptions {
  privacy?: LookalongPrivacyOptions;
  /** `false`: the help request carries no page title into the agents' queue. */
  shareTitle?: boolean;
}

/** The `window.Lookalong` API. There is no call that grants consent: only the shopper's own click on Allow does. */
export interface LookalongApi {
  /** Shop settings, e.g. `{ shareTitle, privacy: { maskTextSelector, blockSelector, strict } }`; call before sharing starts. */
  init(options: LookalongInitOptions): void;
  /** Opens a help session (or returns the current one) and shows its code; a `shopperToken` (from the shop backend's `POST /api/sessions`) joins the session it created. */
  requestHelp(shopperToken?: string): Promise<{ code: string }>;
  /** Stops sharing now (the recorder is torn down before the relay is told). */
  stop(): void;
  /** Adds a listener; returns the function that removes it. */
  on<K extends keyof LookalongEvents>(event: K, listener: (payload: LookalongEvents[K]) => void): () => void;
}
