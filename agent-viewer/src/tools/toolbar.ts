/**
 * The toolbox's buttons: one toggle button per tool, a colour input with preset swatches,
 * Undo and Clear. One tab stop; arrow keys, Home and End move inside (WAI-ARIA toolbar).
 */
import { nextFocusIndex } from './rovingFocus';
import { ariaShortcut, shortcutHint, TOOL_NAMES, type ToolName } from './shortcuts';
import type { ToolLabels } from './toolbox';

/** Preset colours offered next to the colour input. */
export const PRESET_COLORS = ['#ff5a1f', '#e11d48', '#1f5eff', '#16a34a'] as const;

/** What the buttons ask the toolbox to do. */
export interface ToolbarActions {
  /** A tool button was pressed (`viaKeyboard`: with Enter/Space rather than a pointer). */
  toggle(tool: ToolName, viaKeyboard: boolean): void;
  undo(): void;
  clear(): void;
  color(value: string): void;
}

/** The rendered toolbar. */
export interface ToolbarView {
  /** Shows which tool is on (aria-pressed). */
  showActive(tool: ToolName | null): void;
  /** Shows the current colour in the input and swatches. */
  showColor(color: string): void;
  /** Undo and Clear are usable only while marks are kept (aria-disabled, so they keep focus). */
  showHistory(hasMarks: boolean): void;
  /** Disables every control (session over). */
  setEnabled(enabled: boolean): void;
  /** Empties the container. */
  destroy(): void;
}

function isApple(): boolean {
  return /Mac|iPhone|iPad|iPod/.test(navigator.platform || navigator.userAgent);
}

function button(label: string, className: string, shortcut?: 'undo' | 'clear' | ToolName): HTMLButtonElement {
  const el = document.createElement('button');
  el.type = 'button';
  el.className = className;
  el.textContent = label;
  if (shortcut) {
    el.title = `${label} (${shortcutHint(shortcut, isApple())})`;
    el.setAttribute('aria-keyshortcuts', ariaShortcut(shortcut));
  } else {
    el.title = label;
  }
  return el;
}

/** Renders the toolbar into `container` (which the console gives role=toolbar). */
export function renderToolbar(container: HTMLElement, labels: ToolLabels, color: string, actions: ToolbarActions): ToolbarView {
  container.replaceChildren();
  container.classList.add('lookalong-toolbox');
  const tools = new Map<ToolName, HTMLButtonElement>();
  for (const name of TOOL_NAMES) {
    const el = button(labels[name], 'lookalong-tool', name);
    el.dataset['tool'] = name;
    el.setAttribute('aria-pressed', 'false');
    el.addEventListener('click', (event) => actions.toggle(name, event.detail === 0));
    tools.set(name, el);
    container.append(el);
  }

  const colors = document.createElement('span');
  colors.className = 'lookalong-colors';
  colors.setAttribute('role', 'group');
  colors.setAttribute('aria-label', labels.color);
  const picker = document.createElement('input');
  picker.type = 'color';
  picker.className = 'lookalong-color-input';
  picker.setAttribute('aria-label', labels.color);
  picker.title = labels.color;
  picker.addEventListener('input', () => actions.color(picker.value));
  colors.append(picker);
  const swatches = PRESET_COLORS.map((preset) => {
    const el = button('', 'lookalong-swatch');
    el.setAttribute('aria-label', `${labels.color} ${preset}`);
    el.title = `${labels.color} ${preset}`;
    el.style.backgroundColor = preset;
    el.dataset['color'] = preset;
    el.addEventListener('click', () => actions.color(preset));
    colors.append(el);
    return el;
  });
  container.append(colors);

  const undo = button(labels.undo, 'lookalong-undo', 'undo');
  const clear = button(labels.clear, 'lookalong-clear', 'clear');
  const guarded = (el: HTMLButtonElement, run: () => void) => () => {
    if (el.getAttribute('aria-disabled') !== 'true') run();
  };
  undo.addEventListener('click', guarded(undo, () => actions.undo()));
  clear.addEventListener('click', guarded(clear, () => actions.clear()));
  container.append(undo, clear);

  const items = (): Array<HTMLButtonElement | HTMLInputElement> => Array.from(container.querySelectorAll<HTMLButtonElement | HTMLInputElement>('button, input'));
  const makeTabStop = (stop: Element): void => {
    for (const el of items()) el.tabIndex = el === stop ? 0 : -1;
  };
  const ensureTabStop = (): void => {
    const all = items();
    const current = all.find((el) => el.tabIndex === 0 && !el.disabled) ?? all.find((el) => !el.disabled);
    if (current) makeTabStop(current);
  };
  const onFocusIn = (event: FocusEvent): void => {
    if (event.target instanceof HTMLElement && items().includes(event.target as HTMLButtonElement)) makeTabStop(event.target);
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const all = items();
    const current = all.indexOf(event.target as HTMLButtonElement);
    if (current < 0) return;
    const next = nextFocusIndex(all.length, current, event.key, (i) => !all[i]!.disabled);
    if (next === null) return;
    event.preventDefault();
    all[next]!.focus();
  };
  container.addEventListener('focusin', onFocusIn);
  container.addEventListener('keydown', onKeyDown);
  makeTabStop(items()[0]!);

  let shownHistory: boolean | null = null;
  const view: ToolbarView = {
    showActive(active) {
      for (const [name, el] of tools) el.setAttribute('aria-pressed', String(name === active));
    },
    showColor(value) {
      picker.value = value;
      for (const el of swatches) el.setAttribute('aria-pressed', String(el.dataset['color'] === value.toLowerCase()));
    },
    showHistory(hasMarks) {
      if (hasMarks === shownHistory) return;
      shownHistory = hasMarks;
      for (const el of [undo, clear]) el.setAttribute('aria-disabled', String(!hasMarks));
    },
    setEnabled(enabled) {
      for (const el of items()) el.disabled = !enabled;
      ensureTabStop();
    },
    destroy() {
      container.removeEventListener('focusin', onFocusIn);
      container.removeEventListener('keydown', onKeyDown);
      container.classList.remove('lookalong-toolbox');
      container.replaceChildren();
    },
  };
  view.showColor(color);
  view.showHistory(false);
  return view;
}
