/**
 * A proxied stylesheet as served: decoded to text, its `@import`s and fonts routed through the
 * proxy for the same site (root-relative, so they stay same-origin with the console), images left
 * as absolute URLs (the console's CSP loads images from anywhere), re-encoded as UTF-8.
 */
import { assetProxyUrl, rewriteCssAssetUrls } from '../../../protocol/cssAssetUrls';

/** How a served stylesheet is labelled. */
export const PROXIED_STYLESHEET_TYPE = 'text/css; charset=utf-8';

/** The stylesheet `body` fetched from `url` for `site`, rewritten; `contentType` is the upstream header (its charset is honoured). */
export function proxiedStylesheet(body: Buffer, contentType: string | undefined, url: string, site: string): Buffer {
  const css = decodeStylesheet(body, contentType);
  const rewritten = rewriteCssAssetUrls(css, url, (absoluteUrl, kind) => (kind === 'image' ? absoluteUrl : assetProxyUrl('', site, absoluteUrl)));
  return Buffer.from(rewritten, 'utf8');
}

/** The text of a stylesheet: the header's charset, else a leading `@charset "…";`, else UTF-8 (an unknown label reads as UTF-8). */
function decodeStylesheet(body: Buffer, contentType: string | undefined): string {
  const declared = /;\s*charset="?([\w.:-]+)"?/i.exec(contentType ?? '')?.[1] ?? /^@charset "([\w.:-]+)";/.exec(body.subarray(0, 128).toString('latin1'))?.[1];
  try {
    return new TextDecoder(declared ?? 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}
