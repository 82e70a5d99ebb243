/**
 * Routes the stylesheets and fonts of the shopper's page that the replay could not load itself
 * through the relay's asset proxy (`/assets/proxy`), so the console's CSP stays `style-src
 * 'self'`: `<link rel=stylesheet>` rrweb could not inline (another origin without CORS),
 * `@import`s and `@font-face` sources in inlined CSS, rules added by CSS-in-JS and adopted
 * stylesheets. Addresses on the console's own origin and images (the CSP's img-src allows
 * them) stay as they are. Rewrites each event in place before it is replayed.
 */
import type { eventWithTime } from 'rrweb';
import { assetProxyUrl, rewriteCssAssetUrls, type CssAssetKind } from '../../protocol/cssAssetUrls';

const EVENT_FULL_SNAPSHOT = 2;
const EVENT_INCREMENTAL = 3;
const EVENT_META = 4;
const SOURCE_MUTATION = 0;
const SOURCE_STYLE_SHEET_RULE = 8;
const SOURCE_ADOPTED_STYLE_SHEET = 15;
const NODE_ELEMENT = 2;
const NODE_TEXT = 3;

interface SerializedNode {
  type: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  textContent?: string;
  isStyle?: boolean;
  childNodes?: SerializedNode[];
}

interface RuleAdd {
  rule: string;
}

/** Rewrites replay events for one session's site; see the module comment. */
export class ReplayAssetRouter {
  private site: string | null = null;
  private pageHref = '';

  /** `consoleOrigin` is where the proxy lives (the console's own origin). */
  constructor(private readonly consoleOrigin: string) {}

  /** The session's site (from the relay's `joining` message); nothing is routed before it is known. */
  setSite(site: string): void {
    this.site = site;
  }

  /** Rewrites one event in place. */
  route(event: eventWithTime): void {
    if (this.site === null) return;
    if (event.type === EVENT_META) {
      this.pageHref = (event.data as { href: string }).href;
    } else if (event.type === EVENT_FULL_SNAPSHOT) {
      this.walk((event.data as { node: SerializedNode }).node);
    } else if (event.type === EVENT_INCREMENTAL) {
      this.routeIncremental(event.data as { source: number } & Record<string, unknown>);
    }
  }

  private routeIncremental(data: { source: number } & Record<string, unknown>): void {
    if (data.source === SOURCE_MUTATION) {
      for (const add of (data['adds'] as Array<{ node: SerializedNode }> | undefined) ?? []) this.walk(add.node);
      for (const change of (data['attributes'] as Array<{ attributes: Record<string, unknown> }> | undefined) ?? []) {
        if (typeof change.attributes['_cssText'] === 'string') change.attributes['_cssText'] = this.css(change.attributes['_cssText']);
      }
    } else if (data.source === SOURCE_STYLE_SHEET_RULE) {
      this.rules(data['adds'] as RuleAdd[] | undefined);
      for (const key of ['replace', 'replaceSync']) if (typeof data[key] === 'string') data[key] = this.css(data[key]);
    } else if (data.source === SOURCE_ADOPTED_STYLE_SHEET) {
      for (const style of (data['styles'] as Array<{ rules: RuleAdd[] }> | undefined) ?? []) this.rules(style.rules);
    }
  }

  private rules(adds: RuleAdd[] | undefined): void {
    for (const add of adds ?? []) if (typeof add.rule === 'string') add.rule = this.css(add.rule);
  }

  private walk(node: SerializedNode): void {
    if (node.type === NODE_ELEMENT && node.attributes) {
      const attributes = node.attributes;
      if (typeof attributes['_cssText'] === 'string') attributes['_cssText'] = this.css(attributes['_cssText']);
      const href = attributes['href'];
      if (node.tagName === 'link' && typeof href === 'string' && /(^|\s)stylesheet(\s|$)/i.test(String(attributes['rel'] ?? ''))) {
        attributes['href'] = this.url(href, 'stylesheet');
      }
    } else if (node.type === NODE_TEXT && node.isStyle && node.textContent) {
      node.textContent = this.css(node.textContent);
    }
    node.childNodes?.forEach((child) => this.walk(child));
  }

  private css(text: string): string {
    return rewriteCssAssetUrls(text, this.pageHref || this.consoleOrigin, (url, kind) => this.url(url, kind));
  }

  /** The proxy address of a stylesheet or font on another origin; anything else unchanged. */
  private url(address: string, kind: CssAssetKind): string {
    if (kind === 'image' || this.site === null) return address;
    let url: URL;
    try {
      url = new URL(address, this.pageHref || this.consoleOrigin);
    } catch {
      return address;
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin === this.consoleOrigin) return address;
    return assetProxyUrl(this.consoleOrigin, this.site, url.href);
  }
}
