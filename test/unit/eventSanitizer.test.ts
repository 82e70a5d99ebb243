import { describe, expect, it } from 'vitest';
import type { eventWithTime } from 'rrweb';
import { createEventSanitizer, MASKED_BLOCK_ATTRIBUTE, sanitizeAttributes, stripUrlQuery } from '../../client-sdk/src/eventSanitizer';

describe('stripUrlQuery', () => {
  it('removes query strings and fragments, also from every srcset candidate', () => {
    expect(stripUrlQuery('https://shop.example/account?token=abc#x')).toBe('https://shop.example/account');
    expect(stripUrlQuery('/img/a.png?email=a@b.c 1x, /img/b.png?u=1 2x', true)).toBe('/img/a.png 1x, /img/b.png 2x');
    expect(stripUrlQuery('/plain/path')).toBe('/plain/path');
  });
});

describe('sanitizeAttributes (no live element available)', () => {
  it('masks value, placeholder, title and aria-label of form fields', () => {
    const attrs: Record<string, unknown> = { value: 'LLGC-7KQ2', placeholder: 'you@example.com', title: 'Secret', 'aria-label': 'PIN 1234', type: 'text' };
    sanitizeAttributes('INPUT', attrs, null, false);
    expect(attrs).toEqual({ value: '*********', placeholder: '***************', title: '******', 'aria-label': '*** ****', type: 'text' });
  });

  it('masks option values and alt texts', () => {
    const option: Record<string, unknown> = { value: 'card_tok_1' };
    sanitizeAttributes('option', option, null, false);
    expect(option['value']).toBe('**********');
    const img: Record<string, unknown> = { alt: 'Passport E71846293', src: 'https://cdn.example/scan.png?uid=42' };
    sanitizeAttributes('img', img, null, false);
    expect(img).toEqual({ alt: '******** *********', src: 'https://cdn.example/scan.png' });
  });

  it('only scrubs personal data from labels of other elements, unless strict', () => {
    const button: Record<string, unknown> = { title: 'Account of a.b@example.com', 'aria-label': 'Call 186 2210 7734' };
    sanitizeAttributes('button', button, null, false);
    expect(button).toEqual({ title: 'Account of ***************', 'aria-label': 'Call *************' });
    const strict: Record<string, unknown> = { title: 'Account settings' };
    sanitizeAttributes('button', strict, null, true);
    expect(strict['title']).toBe('******* ********');
  });

  it('strips query strings from links only (stylesheet links keep theirs)', () => {
    const a: Record<string, unknown> = { href: 'https://shop.example/reset?token=Hq83' };
    sanitizeAttributes('a', a, null, false);
    expect(a['href']).toBe('https://shop.example/reset');
    const link: Record<string, unknown> = { href: 'https://cdn.example/site.css?v=3' };
    sanitizeAttributes('link', link, null, false);
    expect(link['href']).toBe('https://cdn.example/site.css?v=3');
  });

  it('drops page code: on* handlers, javascript: URLs in any attribute, srcdoc documents', () => {
    const link: Record<string, unknown> = { href: ' JavaScript:alert(1)', onclick: 'steal()', ONMOUSEOVER: 'x()', class: 'btn' };
    sanitizeAttributes('a', link, null, false);
    expect(link).toEqual({ class: 'btn' });
    const frame: Record<string, unknown> = { srcdoc: '<script>x()</script>', src: 'javascript:void(0)', title: 'Promo' };
    sanitizeAttributes('iframe', frame, null, false);
    expect(frame).toEqual({ title: 'Promo' });
    const form: Record<string, unknown> = { action: 'javascript:go()', method: 'post', 'data-online': 'yes' };
    sanitizeAttributes('form', form, null, false);
    expect(form).toEqual({ method: 'post', 'data-online': 'yes' });
  });

  it('marks blocked placeholders so the agent can draw them as masked', () => {
    const blocked: Record<string, unknown> = { class: 'loyalty', rr_width: '200px', rr_height: '40px' };
    sanitizeAttributes('div', blocked, null, false);
    expect(blocked[MASKED_BLOCK_ATTRIBUTE]).toBe('block');
  });
});

describe('createEventSanitizer', () => {
  const sanitize = createEventSanitizer({ resolve: () => null, strict: false });

  it('strips the query string of the page URL in Meta events', () => {
    const meta = { type: 4, data: { href: 'https://shop.example/checkout?session=abc', width: 1, height: 1 }, timestamp: 1 } as eventWithTime;
    sanitize(meta);
    expect((meta.data as { href: string }).href).toBe('https://shop.example/checkout');
  });

  it('walks full snapshots and mutation adds and attribute changes', () => {
    const full = {
      type: 2,
      data: { node: { type: 0, id: 1, childNodes: [{ type: 2, id: 2, tagName: 'input', attributes: { value: 'secret-1' }, childNodes: [] }] }, initialOffset: { top: 0, left: 0 } },
      timestamp: 1,
    } as unknown as eventWithTime;
    sanitize(full);
    expect(JSON.stringify(full)).not.toContain('secret-1');
    const mutation = {
      type: 3,
      data: { source: 0, adds: [{ parentId: 1, nextId: null, node: { type: 2, id: 3, tagName: 'a', attributes: { href: '/r?t=secret-2' }, childNodes: [] } }], attributes: [], texts: [], removes: [] },
      timestamp: 2,
    } as unknown as eventWithTime;
    sanitize(mutation);
    expect(JSON.stringify(mutation)).not.toContain('secret-2');
  });
});
