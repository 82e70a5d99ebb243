import { describe, expect, it } from 'vitest';
import { nextFocusIndex } from '../../agent-viewer/src/tools/rovingFocus';
import { newMarkId } from '../../agent-viewer/src/tools/markId';
import { ariaShortcut, isTypingTarget, letterOf, shortcutFor, shortcutHint, type KeyPress } from '../../agent-viewer/src/tools/shortcuts';

const press = (key: string, extra: Partial<KeyPress> = {}): KeyPress => ({
  key,
  code: /^[a-z]$/i.test(key) ? `Key${key.toUpperCase()}` : '',
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...extra,
});

describe('shortcutFor', () => {
  it('maps the tool letters', () => {
    expect(['p', 'h', 'a', 't', 'l', 'e'].map((k) => shortcutFor(press(k)))).toEqual([
      { kind: 'tool', tool: 'pen' },
      { kind: 'tool', tool: 'highlight' },
      { kind: 'tool', tool: 'arrow' },
      { kind: 'tool', tool: 'text' },
      { kind: 'tool', tool: 'laser' },
      { kind: 'tool', tool: 'element' },
    ]);
  });

  it('maps Ctrl+Z and Cmd+Z to undo, not Ctrl+Shift+Z', () => {
    expect(shortcutFor(press('z', { ctrlKey: true }))).toEqual({ kind: 'undo' });
    expect(shortcutFor(press('z', { metaKey: true }))).toEqual({ kind: 'undo' });
    expect(shortcutFor(press('Z', { ctrlKey: true, shiftKey: true }))).toBeNull();
  });

  it('maps Shift+C to clear and leaves plain C and Ctrl+C alone', () => {
    expect(shortcutFor(press('C', { shiftKey: true }))).toEqual({ kind: 'clear' });
    expect(shortcutFor(press('c'))).toBeNull();
    expect(shortcutFor(press('c', { ctrlKey: true }))).toBeNull();
  });

  it('ignores modified tool letters (browser and OS shortcuts)', () => {
    expect(shortcutFor(press('p', { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(press('P', { shiftKey: true }))).toBeNull();
    expect(shortcutFor(press('p', { altKey: true }))).toBeNull();
  });

  it('maps a bare Escape', () => {
    expect(shortcutFor(press('Escape'))).toEqual({ kind: 'escape' });
    expect(shortcutFor(press('Escape', { ctrlKey: true }))).toBeNull();
  });

  it('reads the physical key on a non-Latin layout, the character on a Latin one', () => {
    expect(shortcutFor(press('з', { code: 'KeyP' }))).toEqual({ kind: 'tool', tool: 'pen' });
    expect(letterOf({ key: 'a', code: 'KeyQ' })).toBe('a');
    expect(letterOf({ key: '1', code: 'Digit1' })).toBeNull();
    expect(letterOf({ key: ';', code: 'KeyM' })).toBeNull();
  });
});

describe('isTypingTarget', () => {
  it('is true for text fields, textareas, selects and editable content', () => {
    expect(isTypingTarget({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'search' })).toBe(true);
    expect(isTypingTarget({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTypingTarget({ tagName: 'SELECT' })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
  });

  it('is false for buttons, colour inputs and everything else', () => {
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'color' })).toBe(false);
    expect(isTypingTarget({ tagName: 'BODY', isContentEditable: false })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe('shortcut hints', () => {
  it('shows platform hints and ARIA values', () => {
    expect(shortcutHint('undo', false)).toBe('Ctrl+Z');
    expect(shortcutHint('undo', true)).toBe('⌘Z');
    expect(shortcutHint('pen', true)).toBe('P');
    expect(ariaShortcut('undo')).toBe('Control+Z Meta+Z');
    expect(ariaShortcut('clear')).toBe('Shift+C');
    expect(ariaShortcut('element')).toBe('E');
  });
});

describe('nextFocusIndex', () => {
  const all = () => true;
  it('moves and wraps with the arrow keys', () => {
    expect(nextFocusIndex(5, 0, 'ArrowRight', all)).toBe(1);
    expect(nextFocusIndex(5, 4, 'ArrowRight', all)).toBe(0);
    expect(nextFocusIndex(5, 0, 'ArrowLeft', all)).toBe(4);
  });

  it('jumps with Home and End, skipping unusable items', () => {
    const usable = (i: number) => i !== 0 && i !== 4;
    expect(nextFocusIndex(5, 2, 'Home', usable)).toBe(1);
    expect(nextFocusIndex(5, 2, 'End', usable)).toBe(3);
    expect(nextFocusIndex(5, 3, 'ArrowRight', usable)).toBe(1);
  });

  it('ignores other keys and an all-disabled toolbar', () => {
    expect(nextFocusIndex(5, 2, 'Tab', all)).toBeNull();
    expect(nextFocusIndex(5, 2, 'ArrowRight', () => false)).toBeNull();
  });
});

describe('newMarkId', () => {
  it('is URL-safe, at most 32 characters and unique', () => {
    const ids = new Set(Array.from({ length: 1000 }, newMarkId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
  });
});
