/** The loader's panel: the help code while waiting, and short status messages. */
import { formatSessionCode } from '../../protocol/sessionCodeFormat';
import type { Dock } from './dock';
import type { SdkStrings } from './i18n';
import { el, trustedButton } from './uiHost';

/** Controls of the loader's panel (the live indicator belongs to the recorder chunk). */
export interface Widget {
  showCode(code: string): void;
  /** A short status line; with `action`, a button beside it for `action.forMs` (then the panel hides). */
  showMessage(text: string, action?: { label: string; forMs: number; onPress(): void }): void;
  hide(): void;
}

/** Builds the panel inside `container`, placed by `dock`; `onCancel` answers trusted clicks only. */
export function createWidget(container: HTMLElement, dock: Dock, strings: SdkStrings, onCancel: () => void): Widget {
  const panel = el('div', 'panel');
  panel.setAttribute('role', 'region');
  panel.setAttribute('aria-label', 'Lookalong');
  panel.hidden = true;
  container.append(panel);
  let hideTimer: ReturnType<typeof setTimeout> | undefined;

  const render = (...children: Node[]): void => {
    clearTimeout(hideTimer);
    panel.replaceChildren(...children);
    panel.hidden = false;
    dock.attach(panel);
  };
  const hide = (): void => {
    panel.hidden = true;
    dock.detach(panel);
  };

  return {
    showCode(code) {
      const codeText = el('div', 'code', formatSessionCode(code));
      codeText.setAttribute('aria-label', code.split('').join(' '));
      const status = el('div');
      status.setAttribute('role', 'status');
      status.append(el('p', 'title', strings.codeTitle), codeText, el('p', 'hint', strings.codeHint));
      render(status, trustedButton(strings.cancel, '', onCancel));
    },
    showMessage(text, action) {
      const line = el('p', 'hint', text);
      line.setAttribute('role', 'status');
      if (action) render(line, trustedButton(action.label, '', action.onPress));
      else render(line);
      hideTimer = setTimeout(hide, Math.max(5000, action?.forMs ?? 0));
    },
    hide,
  };
}
