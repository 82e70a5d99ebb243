import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONSOLE_LANGUAGES, CONSOLE_STRINGS, fillIn, pickConsoleLanguage, type ConsoleStringKey } from '../../agent-viewer/src/consoleI18n';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

describe('console dictionaries', () => {
  const keys = Object.keys(CONSOLE_STRINGS.en).sort() as ConsoleStringKey[];

  it('has every key in every language, none empty', () => {
    for (const lang of CONSOLE_LANGUAGES) {
      expect(Object.keys(CONSOLE_STRINGS[lang]).sort()).toEqual(keys);
      for (const key of keys) expect(CONSOLE_STRINGS[lang][key].trim(), `${lang}.${key}`).not.toBe('');
    }
  });

  it('uses the same placeholders in every language', () => {
    for (const key of keys) {
      const expected = placeholders(CONSOLE_STRINGS.en[key]);
      for (const lang of CONSOLE_LANGUAGES) expect(placeholders(CONSOLE_STRINGS[lang][key]), `${lang}.${key}`).toEqual(expected);
    }
  });

  it('is really translated: Chinese texts differ from English ones except symbols', () => {
    const same = keys.filter((key) => CONSOLE_STRINGS['zh-CN'][key] === CONSOLE_STRINGS.en[key]);
    expect(same).toEqual(['notYetKnown']);
  });

  it('covers every data-i18n and data-i18n-label key of the console page', () => {
    const html = readFileSync(new URL('../../agent-viewer/index.html', import.meta.url), 'utf8');
    const used = [...html.matchAll(/data-i18n(?:-label)?="([^"]+)"/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(20);
    for (const key of used) expect(keys, key).toContain(key);
  });
});

describe('pickConsoleLanguage', () => {
  it('prefers ?lang= when it names a language the console speaks', () => {
    expect(pickConsoleLanguage('zh-CN', ['en-US'])).toBe('zh-CN');
    expect(pickConsoleLanguage('zh', ['en-US'])).toBe('zh-CN');
    expect(pickConsoleLanguage('en', ['zh-CN'])).toBe('en');
  });

  it('falls back to the browser’s first language it speaks, then English', () => {
    expect(pickConsoleLanguage(null, ['zh-TW', 'en'])).toBe('zh-CN');
    expect(pickConsoleLanguage('fr', ['de-DE', 'zh-Hans-CN'])).toBe('zh-CN');
    expect(pickConsoleLanguage(null, ['de-DE', 'fr'])).toBe('en');
    expect(pickConsoleLanguage(null, [])).toBe('en');
  });
});

describe('fillIn', () => {
  it('fills named placeholders and leaves unknown ones', () => {
    expect(fillIn('{count} watching, {x}', { count: 2 })).toBe('2 watching, {x}');
    expect(fillIn(CONSOLE_STRINGS['zh-CN'].signedInAs, { name: '李伟' })).toBe('已登录：李伟');
  });
});
