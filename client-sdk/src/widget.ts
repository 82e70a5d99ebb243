/** The always-visible status panel: help code while waiting, viewers and "Stop sharing" while live. */
import type { AgentPublic } from '../../protocol/messages';
import { formatSessionCode } from '../../protocol/sessionCodeFormat';
import { format, type SdkStrings } from './i18n';
import { el } from './uiHost';

/** Controls of the status panel. */
export interface Widget {
  showCode(code: string): void;
  showLive(viewers: AgentPublic[]): void;
  showMessage(text: string): void;
  hide(): void;
}

/** Builds the panel inside `container`; `onStop` runs when the shopper stops or cancels. */
export function createWidget(container: HTMLElement, strings: SdkStrings, onStop: () => void): Widget {
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
  };
  const stopButton = (label: string, className: string): HTMLButtonElement => {
    const button = el('button', className, label);
    button.type = 'button';
    button.addEventListener('click', (event) => event.isTrusted && onStop());
    return button;
  };

  return {
    showCode(code) {
      const codeText = el('div', 'code', formatSessionCode(code));
      codeText.setAttribute('aria-label', code.split('').join(' '));
      const status = el('div');
      status.setAttribute('role', 'status');
      status.append(el('p', 'title', strings.codeTitle), codeText, el('p', 'hint', strings.codeHint));
      render(status, stopButton(strings.cancel, ''));
    },
    showLive(viewers) {
      const names = viewers.map((v) => (v.org ? `${v.name} (${v.org})` : v.name)).join(', ');
      const line = el('p', 'live');
      line.setAttribute('role', 'status');
      line.append(el('span', 'dot'), el('span', '', names ? format(strings.sharingWith, { names }) : strings.sharing));
      render(line, stopButton(strings.stop, 'danger'));
    },
    showMessage(text) {
      const line = el('p', 'hint', text);
      line.setAttribute('role', 'status');
      render(line);
      hideTimer = setTimeout(() => (panel.hidden = true), 5000);
    },
    hide() {
      panel.hidden = true;
    },
  };
}
