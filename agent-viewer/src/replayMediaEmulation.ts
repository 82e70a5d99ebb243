/**
 * Renders the replay's device-dependent CSS as on the shopper's device. The replay frame
 * evaluates media queries against the agent's desktop (fine pointer, hover, the agent's colour
 * scheme), so every media condition of the replay document's style sheets — `<style media>`
 * and `<link media>` sheets, `@import … media`, `@media` at any depth inside `@supports`,
 * `@layer` and other groups, adopted sheets — is rewritten through the CSSOM
 * (deviceMediaText.ts). The page's own text is kept per media list, so a later change of the
 * shopper's media re-evaluates from it. The replay's elements belong to the frame's realm:
 * rules are told apart by their properties, not `instanceof`.
 */
import type { DeviceMedia } from '../../protocol/deviceState';
import { emulateDeviceMedia } from './deviceMediaText';

/** A media list's text as the page wrote it, and as this console last set it. */
interface RewrittenMedia {
  original: string;
  rewritten: string;
}

/** The rules of a sheet, or none while it loads or when the browser refuses to read them (another origin). */
function rulesOf(sheet: CSSStyleSheet): CSSRuleList | readonly CSSRule[] {
  try {
    return sheet.cssRules;
  } catch {
    return [];
  }
}

/** Every media list of `sheet`: its own, then those of its rules, depth first. */
function* sheetMediaLists(sheet: CSSStyleSheet): Generator<MediaList> {
  yield sheet.media;
  yield* ruleMediaLists(rulesOf(sheet));
}

/** Every media list of these rules and the rules, imported sheets and groups inside them. */
function* ruleMediaLists(rules: CSSRuleList | readonly CSSRule[]): Generator<MediaList> {
  for (const rule of Array.from(rules)) {
    if ('media' in rule) yield rule.media as MediaList;
    const imported = 'styleSheet' in rule ? (rule.styleSheet as CSSStyleSheet | null) : null;
    if (imported) yield* sheetMediaLists(imported);
    if ('cssRules' in rule) yield* ruleMediaLists(rule.cssRules as CSSRuleList);
  }
}

/** Keeps one replay document's media conditions answering as the shopper's device. */
export class ReplayMediaEmulation {
  private media: DeviceMedia | null = null;
  private doc: Document | null = null;
  private readonly seen = new WeakMap<MediaList, RewrittenMedia>();
  private frame = 0;
  /** A `<link>` sheet's rules exist only once it has loaded (load events do not bubble: captured). */
  private readonly onLoad = (event: Event): void => {
    if ((event.target as Element | null)?.localName === 'link') this.later();
  };

  /** The shopper's media features changed: re-evaluates now. */
  setMedia(media: DeviceMedia): void {
    if (this.media && JSON.stringify(this.media) === JSON.stringify(media)) return;
    this.media = media;
    this.apply();
  }

  /** Takes over a freshly rebuilt replay document (a rebuild reopens it and drops its listeners). */
  watch(doc: Document): void {
    this.doc?.removeEventListener('load', this.onLoad, true);
    this.doc = doc;
    doc.addEventListener('load', this.onLoad, true);
    this.apply();
  }

  /** The document's style sheets may have changed: re-applies once, at the next animation frame. */
  later(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.apply();
    });
  }

  /** Stops re-applying (session over). */
  stop(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.doc?.removeEventListener('load', this.onLoad, true);
    this.doc = null;
  }

  private apply(): void {
    const { doc, media } = this;
    if (!doc || !media) return;
    for (const sheet of [...Array.from(doc.styleSheets), ...doc.adoptedStyleSheets]) {
      for (const list of sheetMediaLists(sheet)) this.rewrite(list, media);
    }
  }

  /** Rewrites one media list from the page's text (a list changed since by the page counts as the page's text). */
  private rewrite(list: MediaList, media: DeviceMedia): void {
    const current = list.mediaText;
    if (!current) return;
    const known = this.seen.get(list);
    const original = known && known.rewritten === current ? known.original : current;
    const rewritten = emulateDeviceMedia(original, media);
    if (rewritten !== current) list.mediaText = rewritten;
    // Kept as the browser serialises it, to recognise it next time.
    this.seen.set(list, { original, rewritten: list.mediaText });
  }
}
