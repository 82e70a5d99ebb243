import { describe, expect, it } from 'vitest';
import { helpRequestTitle } from '../../client-sdk/src/helpTitle';
import { applyInitOptions, type ShopSettings } from '../../client-sdk/src/initOptions';
import { MAX_TITLE_CHARS } from '../../protocol/messages';

describe('helpRequestTitle: the page title a help request carries', () => {
  it('keeps an ordinary title, with its whitespace collapsed and trimmed', () => {
    expect(helpRequestTitle('  Checkout —\n  Demo   shop ')).toBe('Checkout — Demo shop');
    expect(helpRequestTitle('结账 - 演示商店')).toBe('结账 - 演示商店');
  });

  it('replaces e-mail addresses with "…"', () => {
    expect(helpRequestTitle('Account of ada.lovelace+shop@example.org – Demo')).toBe('Account of … – Demo');
    expect(helpRequestTitle('a@b.cn and c@d.io')).toBe('… and …');
  });

  it('replaces runs of 6 or more digits with "…", keeping shorter numbers', () => {
    expect(helpRequestTitle('Order 4711-20 · call 13812345678 · card 4111111111111111')).toBe('Order 4711-20 · call … · card …');
    expect(helpRequestTitle('Order 123456 of 2026')).toBe('Order … of 2026');
    expect(helpRequestTitle('Top 12345 deals')).toBe('Top 12345 deals');
  });

  it('scrubs before cutting, so a cut can never leave part of a secret behind', () => {
    const title = `${'x'.repeat(MAX_TITLE_CHARS - 3)} 1234567890 someone@example.org`;
    const label = helpRequestTitle(title)!;
    expect(label.length).toBeLessThanOrEqual(MAX_TITLE_CHARS);
    expect(label).not.toMatch(/\d{4}/);
  });

  it('cuts to MAX_TITLE_CHARS UTF-16 units without splitting a surrogate pair', () => {
    expect(helpRequestTitle('a'.repeat(500))).toBe('a'.repeat(MAX_TITLE_CHARS));
    const emoji = `${'a'.repeat(MAX_TITLE_CHARS - 1)}😀tail`;
    expect(helpRequestTitle(emoji)).toBe('a'.repeat(MAX_TITLE_CHARS - 1));
  });

  it('gives undefined for an empty or blank title', () => {
    expect(helpRequestTitle('')).toBeUndefined();
    expect(helpRequestTitle(' \n\t ')).toBeUndefined();
  });
});

describe('applyInitOptions: shareTitle', () => {
  const settings = (): ShopSettings => ({ privacy: {}, shareTitle: true });

  it('turns the title off with false and back on with true', () => {
    const s = settings();
    applyInitOptions({ shareTitle: false }, s);
    expect(s.shareTitle).toBe(false);
    applyInitOptions({ shareTitle: true }, s);
    expect(s.shareTitle).toBe(true);
  });

  it('leaves it alone when absent, and keeps the title back on any other value', () => {
    const s = settings();
    applyInitOptions({}, s);
    applyInitOptions(null, s);
    expect(s.shareTitle).toBe(true);
    for (const value of ['false', 0, 'yes', null]) {
      const t = settings();
      applyInitOptions({ shareTitle: value }, t);
      expect(t.shareTitle).toBe(false);
    }
  });
});
