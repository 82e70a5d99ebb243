import { describe, expect, it } from 'vitest';
import type { DeviceMedia } from '../../protocol/deviceState';
import { emulateDeviceMedia } from '../../agent-viewer/src/deviceMediaText';

const TRUE = '(min-width: 0px)';
const FALSE = '(width < 0px)';
const phoneDark: DeviceMedia = { pointer: 'coarse', hover: false, dark: true, reducedMotion: true };
const desktopLight: DeviceMedia = { pointer: 'fine', hover: true, dark: false, reducedMotion: false };

describe('emulateDeviceMedia', () => {
  it.each([
    ['(hover: none)', TRUE, FALSE],
    ['(hover: hover)', FALSE, TRUE],
    ['(any-hover: none)', TRUE, FALSE],
    ['(hover)', FALSE, TRUE],
    ['(pointer: coarse)', TRUE, FALSE],
    ['(pointer: fine)', FALSE, TRUE],
    ['(pointer: none)', FALSE, FALSE],
    ['(any-pointer: coarse)', TRUE, FALSE],
    ['(pointer)', TRUE, TRUE],
    ['(prefers-color-scheme: dark)', TRUE, FALSE],
    ['(prefers-color-scheme: light)', FALSE, TRUE],
    ['(prefers-color-scheme)', TRUE, TRUE],
    ['(prefers-reduced-motion: reduce)', TRUE, FALSE],
    ['(prefers-reduced-motion: no-preference)', FALSE, TRUE],
    ['(prefers-reduced-motion)', TRUE, FALSE],
  ])('answers %s as the device would', (text, onPhone, onDesktop) => {
    expect(emulateDeviceMedia(text, phoneDark)).toBe(onPhone);
    expect(emulateDeviceMedia(text, desktopLight)).toBe(onDesktop);
  });

  it('rewrites every device feature of a query and keeps the rest of it', () => {
    expect(emulateDeviceMedia('screen and (max-width: 600px) and (hover: none) and (pointer: coarse)', phoneDark))
      .toBe(`screen and (max-width: 600px) and ${TRUE} and ${TRUE}`);
    expect(emulateDeviceMedia('not all and (prefers-color-scheme: dark), print', desktopLight)).toBe(`not all and ${FALSE}, print`);
    expect(emulateDeviceMedia('(hover: hover) or (orientation: landscape)', phoneDark)).toBe(`${FALSE} or (orientation: landscape)`);
  });

  it('accepts the spacing and case authors write', () => {
    expect(emulateDeviceMedia('( HOVER:NONE )', phoneDark)).toBe(TRUE);
    expect(emulateDeviceMedia('(pointer :  Coarse)', phoneDark)).toBe(TRUE);
  });

  it('leaves queries without device features, unknown values and look-alike features alone', () => {
    for (const text of ['', 'all', 'print', '(min-width: 768px)', '(orientation: portrait)', '(hover: maybe)', '(-webkit-hover: none)', '(pointer-events: none)', '(prefers-contrast: more)']) {
      expect(emulateDeviceMedia(text, phoneDark)).toBe(text);
    }
  });

  it('starts from the page text every time, so a changed device re-evaluates', () => {
    const text = '(prefers-color-scheme: dark)';
    expect(emulateDeviceMedia(text, phoneDark)).toBe(TRUE);
    expect(emulateDeviceMedia(text, { ...phoneDark, dark: false })).toBe(FALSE);
  });
});
