/**
 * An init script (context.addInitScript) that records every execution of a trap payload that
 * reaches this window: a call to `__lookalongTrap(label)`, an assignment to `__pwned`, or a
 * `postMessage('lookalong-trap:LABEL')`. Payloads call it on `top`, so hits from any frame land
 * in the top window's list, `window.__lookalongTrapHits`. Payloads also fetch an image beacon
 * under TRAP_PATH and log TRAP_LOG_PATTERN's text, for the test to see from outside.
 */

declare global {
  interface Window {
    __lookalongTrapHits?: string[];
  }
}

/** Path prefix of the trap's image beacons (a request to it means a payload ran). */
export const TRAP_PATH = '/__trap/';

/** What a payload logs when it runs ("lookalong-trap-ran:LABEL"); its own source never matches. */
export const TRAP_LOG_PATTERN = /lookalong-trap-ran:[\w-]+/;

/** The init script; self-contained, as addInitScript requires. */
export function installExecutionTrap(): void {
  const hits: string[] = [];
  Object.defineProperty(window, '__lookalongTrapHits', { value: hits, configurable: false });
  Object.defineProperty(window, '__lookalongTrap', { value: (label: unknown) => hits.push(`call:${String(label)}`), configurable: false });
  Object.defineProperty(window, '__pwned', { configurable: false, get: () => undefined, set: (label: unknown) => hits.push(`pwned:${String(label)}`) });
  addEventListener('message', (event) => {
    if (typeof event.data === 'string' && event.data.startsWith('lookalong-trap:')) hits.push(`message:${event.data.slice('lookalong-trap:'.length)}`);
  });
}
