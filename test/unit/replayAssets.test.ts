import { describe, expect, it } from 'vitest';
import type { eventWithTime } from 'rrweb';
import { ReplayAssetRouter } from '../../agent-viewer/src/replayAssets';

const CONSOLE = 'https://lookalong.example';
const proxied = (url: string): string => `${CONSOLE}/assets/proxy?site=shop&url=${encodeURIComponent(url)}`;

function router(): ReplayAssetRouter {
  const assets = new ReplayAssetRouter(CONSOLE);
  assets.setSite('shop');
  assets.route({ type: 4, data: { href: 'https://shop.example/cart/', width: 1, height: 1 }, timestamp: 1 } as eventWithTime);
  return assets;
}

function snapshot(...childNodes: unknown[]): eventWithTime {
  return { type: 2, data: { node: { type: 0, id: 1, childNodes }, initialOffset: { top: 0, left: 0 } }, timestamp: 2 } as unknown as eventWithTime;
}

describe('ReplayAssetRouter', () => {
  it('routes a stylesheet link rrweb could not inline (another origin) through the proxy', () => {
    const link = { type: 2, id: 2, tagName: 'link', attributes: { rel: 'stylesheet', href: 'https://cdn.example/main.css' }, childNodes: [] };
    router().route(snapshot(link));
    expect(link.attributes.href).toBe(proxied('https://cdn.example/main.css'));
  });

  it('leaves links that are not stylesheets, and the console origin, alone', () => {
    const icon = { type: 2, id: 2, tagName: 'link', attributes: { rel: 'icon', href: 'https://cdn.example/favicon.png' } };
    const own = { type: 2, id: 3, tagName: 'link', attributes: { rel: 'stylesheet', href: `${CONSOLE}/demo/shop.css` } };
    router().route(snapshot(icon, own));
    expect(icon.attributes.href).toBe('https://cdn.example/favicon.png');
    expect(own.attributes.href).toBe(`${CONSOLE}/demo/shop.css`);
  });

  it('routes @import and @font-face sources of inlined CSS, keeps images direct', () => {
    const style = {
      type: 2,
      id: 2,
      tagName: 'style',
      attributes: { _cssText: '@import url("https://cdn.example/a.css");@font-face{font-family:X;src:url(/fonts/x.woff2)}.hero{background:url(https://cdn.example/hero.png)}' },
    };
    router().route(snapshot(style));
    expect(style.attributes._cssText).toContain(`@import url("${proxied('https://cdn.example/a.css')}")`);
    expect(style.attributes._cssText).toContain(`src:url("${proxied('https://shop.example/fonts/x.woff2')}")`);
    expect(style.attributes._cssText).toContain('url("https://cdn.example/hero.png")');
  });

  it('routes style text nodes, CSS-in-JS rules and adopted stylesheets', () => {
    const text = { type: 3, id: 3, isStyle: true, textContent: '@import "https://cdn.example/b.css";' };
    const assets = router();
    assets.route(snapshot({ type: 2, id: 2, tagName: 'style', attributes: {}, childNodes: [text] }));
    expect(text.textContent).toBe(`@import "${proxied('https://cdn.example/b.css')}";`);

    const insertRule = { source: 8, id: 4, adds: [{ rule: '@font-face{src:url(https://cdn.example/f.woff)}', index: 0 }] };
    const adopted = { source: 15, id: 5, styleIds: [1], styles: [{ styleId: 1, rules: [{ rule: '@import url(https://cdn.example/c.css);', index: 0 }] }] };
    const replaced = { source: 8, styleId: 1, replaceSync: '@font-face{src:url(https://cdn.example/g.woff)}' };
    for (const data of [insertRule, adopted, replaced]) assets.route({ type: 3, data, timestamp: 3 } as unknown as eventWithTime);
    expect(insertRule.adds[0]!.rule).toContain(proxied('https://cdn.example/f.woff'));
    expect(adopted.styles[0]!.rules[0]!.rule).toContain(proxied('https://cdn.example/c.css'));
    expect(replaced.replaceSync).toContain(proxied('https://cdn.example/g.woff'));
  });

  it('routes nodes added later and _cssText set by a mutation', () => {
    const link = { type: 2, id: 9, tagName: 'link', attributes: { rel: 'stylesheet', href: 'https://cdn.example/late.css' } };
    const change = { id: 7, attributes: { _cssText: '@import url(https://cdn.example/d.css);' } };
    router().route({ type: 3, data: { source: 0, adds: [{ parentId: 1, nextId: null, node: link }], attributes: [change], texts: [], removes: [] }, timestamp: 4 } as unknown as eventWithTime);
    expect(link.attributes.href).toBe(proxied('https://cdn.example/late.css'));
    expect(change.attributes._cssText).toContain(proxied('https://cdn.example/d.css'));
  });

  it('routes nothing before the session site is known', () => {
    const link = { type: 2, id: 2, tagName: 'link', attributes: { rel: 'stylesheet', href: 'https://cdn.example/main.css' } };
    new ReplayAssetRouter(CONSOLE).route(snapshot(link));
    expect(link.attributes.href).toBe('https://cdn.example/main.css');
  });
});
