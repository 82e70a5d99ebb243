import { describe, expect, it } from 'vitest';
import { maskInputValue, privacyRecordOptions } from '../../client-sdk/src/privacy';
import { UI_HOST_SELECTOR } from '../../client-sdk/src/uiHost';

const FIXED = '••••••';

/** A minimal stand-in for an input element: vitest runs in node, only getAttribute is used. */
function fakeInput(attributes: Record<string, string> = {}): HTMLElement {
  return { getAttribute: (name: string) => (name in attributes ? attributes[name]! : null), closest: () => null } as unknown as HTMLElement;
}

describe('privacy.ts module', () => {
  it('imports in node without a DOM (uiHost only touches document inside functions)', () => {
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
    expect(typeof maskInputValue).toBe('function');
    expect(UI_HOST_SELECTOR).toBe('[data-lookalong-ui]');
  });

  it('wires maskInputValue into the rrweb options and blocks the SDK UI', () => {
    const options = privacyRecordOptions({});
    expect(options.maskAllInputs).toBe(true);
    expect(options.maskInputFn).toBe(maskInputValue);
    expect(options.blockSelector).toContain(UI_HOST_SELECTOR);
  });
});

describe('maskInputValue: secrets get a fixed-width mask that hides the length', () => {
  it.each([
    ['type=password', { type: 'password' }],
    ['type=PASSWORD (case-insensitive)', { type: 'PASSWORD' }],
    ['type=hidden', { type: 'hidden' }],
    ['autocomplete=cc-number', { autocomplete: 'cc-number' }],
    ['autocomplete=cc-csc', { autocomplete: 'cc-csc' }],
    ['autocomplete=cc-exp-month', { autocomplete: 'cc-exp-month' }],
    ['autocomplete=one-time-code', { autocomplete: 'one-time-code' }],
    ['autocomplete=current-password', { type: 'text', autocomplete: 'current-password' }],
    ['autocomplete=new-password', { autocomplete: 'new-password' }],
    ['autocomplete with section and billing tokens', { type: 'tel', autocomplete: 'section-pay billing cc-number' }],
    ['autocomplete in uppercase', { autocomplete: 'CC-NUMBER' }],
  ])('%s', (_label, attrs) => {
    const element = fakeInput(attrs);
    expect(maskInputValue('4111111111111111', element)).toBe(FIXED);
    expect(maskInputValue('1', element)).toBe(FIXED);
    expect(maskInputValue('a much longer secret value than six', element)).toBe(FIXED);
  });

  it('returns an empty string for an empty secret (does not pretend there is a value)', () => {
    expect(maskInputValue('', fakeInput({ type: 'password' }))).toBe('');
    expect(maskInputValue('', fakeInput({ autocomplete: 'cc-number' }))).toBe('');
    expect(maskInputValue('', fakeInput({ autocomplete: 'one-time-code' }))).toBe('');
  });
});

describe('maskInputValue: other inputs get same-length asterisks', () => {
  it.each([
    ['no attributes', {}],
    ['type=text', { type: 'text' }],
    ['type=email', { type: 'email' }],
    ['type=search', { type: 'search' }],
    ['autocomplete=name', { autocomplete: 'name' }],
    ['autocomplete=off', { type: 'text', autocomplete: 'off' }],
    ['autocomplete=email', { type: 'email', autocomplete: 'email' }],
  ])('%s', (_label, attrs) => {
    const element = fakeInput(attrs);
    expect(maskInputValue('hello@example.com', element)).toBe('*'.repeat(17));
    expect(maskInputValue('x', element)).toBe('*');
    expect(maskInputValue('', element)).toBe('');
  });

  it('never returns any of the original characters', () => {
    const masked = maskInputValue('Jane Doe 12 Main St', fakeInput({ type: 'text' }));
    expect(masked).toMatch(/^\*+$/);
    expect(masked).toHaveLength('Jane Doe 12 Main St'.length);
  });

  it('does not treat look-alike tokens as card fields when they are not whole words', () => {
    // "accnumber" contains "cc" but no "cc-…" token.
    expect(maskInputValue('123', fakeInput({ autocomplete: 'accnumber' }))).toBe('***');
  });
});
