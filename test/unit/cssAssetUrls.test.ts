import { describe, expect, it } from 'vitest';
import { ASSET_PROXY_PATH, assetProxyUrl, rewriteCssAssetUrls, type CssAssetKind } from '../../protocol/cssAssetUrls';

const BASE = 'https://cdn.shop.example/css/main.css';

/** Rewrites with a route that names the kind and the absolute URL, so tests see both. */
function rewrite(css: string, base = BASE): string {
  return rewriteCssAssetUrls(css, base, (url, kind) => `${kind}:${url}`);
}

/** Every (url, kind) the rewriter routes, in order. */
function routed(css: string): Array<[string, CssAssetKind]> {
  const seen: Array<[string, CssAssetKind]> = [];
  rewriteCssAssetUrls(css, BASE, (url, kind) => {
    seen.push([url, kind]);
    return url;
  });
  return seen;
}

describe('assetProxyUrl', () => {
  it('builds the proxy URL with the site and the encoded absolute URL', () => {
    expect(ASSET_PROXY_PATH).toBe('/assets/proxy');
    expect(assetProxyUrl('', 'demo', 'https://cdn.example/a b.css?x=1&y=2#f')).toBe('/assets/proxy?site=demo&url=https%3A%2F%2Fcdn.example%2Fa%20b.css%3Fx%3D1%26y%3D2%23f');
    expect(assetProxyUrl('https://lookalong.example', 'shop-2', 'https://cdn.example/f.woff2')).toBe('https://lookalong.example/assets/proxy?site=shop-2&url=https%3A%2F%2Fcdn.example%2Ff.woff2');
  });

  it('gives back the URL through URLSearchParams', () => {
    const target = `https://cdn.example/p?a=1&b=%20"'`;
    const proxied = new URL(assetProxyUrl('http://x', 'demo', target));
    expect(proxied.searchParams.get('url')).toBe(target);
    expect(proxied.searchParams.get('site')).toBe('demo');
  });
});

describe('rewriteCssAssetUrls', () => {
  it('rewrites url() in every quoting, resolving relative references against the base', () => {
    expect(rewrite('a{background:url(img/a.png)}')).toBe('a{background:url("image:https://cdn.shop.example/css/img/a.png")}');
    expect(rewrite("a{background:url('../b.png')}")).toBe('a{background:url("image:https://cdn.shop.example/b.png")}');
    expect(rewrite('a{background:url("/c.png")}')).toBe('a{background:url("image:https://cdn.shop.example/c.png")}');
    expect(rewrite('a{background:URL(  //other.example/d.png  )}')).toBe('a{background:url("image:https://other.example/d.png")}');
    expect(rewrite('a{background:url(\n "e.png"\t)}')).toBe('a{background:url("image:https://cdn.shop.example/css/e.png")}');
  });

  it('reads escapes: escaped quotes, hex escapes, an escaped parenthesis, a string line continuation', () => {
    expect(routed('a{b:url("q\\"x.png")}')).toEqual([['https://cdn.shop.example/css/q%22x.png', 'image']]);
    expect(routed("a{b:url('it\\'s.png')}")).toEqual([["https://cdn.shop.example/css/it's.png", 'image']]);
    expect(routed('a{b:url(x\\29 y.png)}')).toEqual([['https://cdn.shop.example/css/x)y.png', 'image']]);
    expect(routed('a{b:url(x\\)y.png)}')).toEqual([['https://cdn.shop.example/css/x)y.png', 'image']]);
    expect(routed('a{b:url("long\\\nname.png")}')).toEqual([['https://cdn.shop.example/css/longname.png', 'image']]);
  });

  it('writes replacements as quoted CSS strings, escaping what needs it', () => {
    const css = rewriteCssAssetUrls('a{b:url(x.png)}', BASE, () => 'say "hi"\\\n');
    expect(css).toBe('a{b:url("say \\"hi\\"\\\\\\a ")}');
    expect(routed(css)).toEqual([['https://cdn.shop.example/css/say%20%22hi%22/', 'image']]);
  });

  it('routes @import targets as stylesheets, in both forms, keeping media queries and layers', () => {
    expect(rewrite('@import "base.css";')).toBe('@import "stylesheet:https://cdn.shop.example/css/base.css";');
    expect(rewrite("@import 'base.css' print;")).toBe('@import "stylesheet:https://cdn.shop.example/css/base.css" print;');
    expect(rewrite('@import url("a.css") screen;')).toBe('@import url("stylesheet:https://cdn.shop.example/css/a.css") screen;');
    expect(rewrite('@IMPORT /* note */ url(a.css) layer(base) supports(display: grid) screen and (min-width: 40em);'))
      .toBe('@IMPORT /* note */ url("stylesheet:https://cdn.shop.example/css/a.css") layer(base) supports(display: grid) screen and (min-width: 40em);');
  });

  it('routes url()s of every @font-face block as fonts, and only those', () => {
    const css = [
      '@font-face{font-family:A;src:url(a.woff2) format("woff2"),url(a.woff) format("woff")}',
      '.x{background:url(bg.png)}',
      '@font-face {\n  font-family: "B";\n  src: local("B"), url("/fonts/b.ttf") format("truetype");\n}',
      '.y{background-image:url(bg2.png)}',
    ].join('\n');
    expect(routed(css)).toEqual([
      ['https://cdn.shop.example/css/a.woff2', 'font'],
      ['https://cdn.shop.example/css/a.woff', 'font'],
      ['https://cdn.shop.example/css/bg.png', 'image'],
      ['https://cdn.shop.example/fonts/b.ttf', 'font'],
      ['https://cdn.shop.example/css/bg2.png', 'image'],
    ]);
  });

  it('follows nesting: @font-face inside @media and @supports, rules after it', () => {
    const css = '@media screen{@supports (display:grid){@font-face{src:url(f.woff2)}.a{b:url(i.png)}}.c{b:url(j.png)}}.d{b:url(k.png)}';
    expect(routed(css).map(([url, kind]) => `${url.slice(url.lastIndexOf('/') + 1)} ${kind}`)).toEqual(['f.woff2 font', 'i.png image', 'j.png image', 'k.png image']);
  });

  it('leaves data:, blob:, about: and #fragment references, and empty url()s, untouched', () => {
    const css = 'a{b:url(data:image/png;base64,AAAA);c:url("DATA:font/woff2;base64,BB");d:url(blob:https://shop.example/1);e:url(about:blank);f:url(#clip);g:url( "#m" );h:url()}';
    expect(rewrite(css)).toBe(css);
  });

  it('leaves strings, comments, url-like names and @namespace alone', () => {
    const css = '@namespace svg url(http://www.w3.org/2000/svg);\na::before{content:"url(x.png)"}/* url(y.png) */.b{c:myurl(z.png);d:--url(q)}';
    expect(rewrite(css)).toBe(css);
    expect(routed('@namespace url(http://www.w3.org/1999/xhtml);a{b:url(i.png)}')).toEqual([['https://cdn.shop.example/css/i.png', 'image']]);
  });

  it('leaves malformed references as they are and keeps going', () => {
    const css = 'a{b:url(x y.png);c:url("unclosed\n);d:url(a(b).png);e:url(z.png)}';
    expect(routed(css)).toEqual([['https://cdn.shop.example/css/z.png', 'image']]);
    expect(rewrite('a{b:url(open')).toBe('a{b:url(open');
    expect(rewrite('@import')).toBe('@import');
    expect(rewrite('a{b:url(')).toBe('a{b:url(');
  });

  it('leaves references that do not resolve untouched', () => {
    expect(rewrite('a{b:url(x.png)}', 'not a url')).toBe('a{b:url(x.png)}');
    expect(routed('a{b:url(https://a.example/x.png)}')).toEqual([['https://a.example/x.png', 'image']]);
  });

  it('takes linear time on adversarial text', () => {
    const hostile = ['url('.repeat(50_000), '@import '.repeat(50_000), '"'.repeat(50_000), '\\'.repeat(100_001), '/*'.repeat(50_000), '@font-face{'.repeat(20_000), 'url(a'.repeat(40_000), `url(${' '.repeat(200_000)}x`];
    const started = performance.now();
    for (const css of hostile) expect(rewrite(css).length).toBeGreaterThan(0);
    const big = `@font-face{src:url(f.woff2)}${'.r{background:url(i.png)}'.repeat(20_000)}`;
    expect(routed(big)).toHaveLength(20_001);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
