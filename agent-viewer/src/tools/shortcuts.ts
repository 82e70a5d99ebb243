/** Keyboard shortcuts of the toolbox: which key press means which action. Pure. */

/** The drawing tools, in toolbar order. */
export const TOOL_NAMES = ['pen', 'highlight', 'arrow', 'text', 'laser', 'element'] as const;
/** One drawing tool. */
export type ToolName = (typeof TOOL_NAMES)[number];

/** The letter key that picks each tool. */
export const TOOL_KEYS: Record<ToolName, string> = { pen: 'P', highlight: 'H', arrow: 'A', text: 'T', laser: 'L', element: 'E' };

/** What a key press asks the toolbox to do. */
export type ShortcutAction = { kind: 'tool'; tool: ToolName } | { kind: 'undo' } | { kind: 'clear' } | { kind: 'escape' };

/** The parts of a KeyboardEvent the mapping looks at. */
export interface KeyPress {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** The Latin letter of a press: from `key`, or from `code` on non-Latin layouts. */
export function letterOf(press: Pick<KeyPress, 'key' | 'code'>): string | null {
  if (/^[a-z]$/i.test(press.key)) return press.key.toLowerCase();
  const match = /^Key([A-Z])$/.exec(press.code);
  return match && press.key.length === 1 && !/^[\x20-\x7e]$/.test(press.key) ? match[1]!.toLowerCase() : null;
}

/** Maps a key press to a toolbox action, or null when the press is not a shortcut. */
export function shortcutFor(press: KeyPress): ShortcutAction | null {
  const command = press.ctrlKey || press.metaKey;
  if (press.key === 'Escape') return command || press.altKey || press.shiftKey ? null : { kind: 'escape' };
  const letter = letterOf(press);
  if (!letter) return null;
  if (command) return letter === 'z' && !press.altKey && !press.shiftKey ? { kind: 'undo' } : null;
  if (press.altKey) return null;
  if (press.shiftKey) return letter === 'c' ? { kind: 'clear' } : null;
  const tool = TOOL_NAMES.find((name) => TOOL_KEYS[name].toLowerCase() === letter);
  return tool ? { kind: 'tool', tool } : null;
}

const NON_TEXT_INPUTS = new Set(['button', 'checkbox', 'color', 'file', 'image', 'radio', 'range', 'reset', 'submit']);

/** True when key presses on `target` are typing (text fields, selects, editable content): shortcuts stay off. */
export function isTypingTarget(target: unknown): boolean {
  if (typeof target !== 'object' || target === null) return false;
  const el = target as { tagName?: unknown; type?: unknown; isContentEditable?: unknown };
  if (el.isContentEditable === true) return true;
  const tag = typeof el.tagName === 'string' ? el.tagName.toUpperCase() : '';
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  return !NON_TEXT_INPUTS.has(typeof el.type === 'string' ? el.type.toLowerCase() : 'text');
}

/** How a shortcut is shown in a tooltip, e.g. "Ctrl+Z" or "⌘Z" on Apple keyboards. */
export function shortcutHint(action: 'undo' | 'clear' | ToolName, apple: boolean): string {
  if (action === 'undo') return apple ? '⌘Z' : 'Ctrl+Z';
  if (action === 'clear') return apple ? '⇧C' : 'Shift+C';
  return TOOL_KEYS[action];
}

/** The aria-keyshortcuts value of a shortcut. */
export function ariaShortcut(action: 'undo' | 'clear' | ToolName): string {
  if (action === 'undo') return 'Control+Z Meta+Z';
  if (action === 'clear') return 'Shift+C';
  return TOOL_KEYS[action];
}
