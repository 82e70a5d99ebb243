/** A visually hidden polite live region: what screen readers hear of keyboard picking. */

/** Says texts through one live region. */
export interface Announcer {
  /** Replaces what the region says. */
  say(text: string): void;
}

/** Adds a polite live region to `host` (kept off screen by toolbox.css). */
export function createAnnouncer(host: HTMLElement): Announcer {
  const region = document.createElement('p');
  region.className = 'lookalong-announcer';
  region.setAttribute('role', 'status');
  region.setAttribute('aria-live', 'polite');
  host.append(region);
  return {
    say(text) {
      region.textContent = text;
    },
  };
}
