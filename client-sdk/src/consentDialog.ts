/**
 * The consent dialog: the only way sharing starts. Only trusted user events (a real click
 * or key press) answer it, so page scripts cannot grant consent on the shopper's behalf.
 */
import type { AgentPublic } from '../../protocol/messages';
import { agentLabel, format, type SdkStrings } from './i18n';
import { el, trustedButton } from './uiHost';

/** Shows the dialog in `container`; resolves with the shopper's answer (Esc = deny). */
export function askConsent(container: HTMLElement, agent: AgentPublic, strings: SdkStrings): { answer: Promise<boolean>; dismiss(): void } {
  const backdrop = el('div', 'backdrop');
  const dialog = el('div', 'dialog');
  dialog.setAttribute('role', 'alertdialog');
  dialog.setAttribute('aria-modal', 'true');
  dialog.setAttribute('aria-labelledby', 'lookalong-consent-title');
  dialog.setAttribute('aria-describedby', 'lookalong-consent-body');
  dialog.tabIndex = -1;
  const title = el('h2', '', format(strings.consentTitle, { agent: agentLabel(agent) }));
  title.id = 'lookalong-consent-title';
  const body = el('div');
  body.id = 'lookalong-consent-body';
  body.append(el('p', '', strings.consentSees), el('p', '', strings.consentCan), el('p', '', strings.consentStop));
  const deny = trustedButton(strings.deny, '', () => settle(false));
  const allow = trustedButton(strings.allow, 'primary', () => settle(true));
  const actions = el('div', 'actions');
  actions.append(deny, allow);
  dialog.append(title, body, actions);
  backdrop.append(dialog);

  const previousFocus = document.activeElement as HTMLElement | null;
  let settle: (allowed: boolean) => void = () => {};
  const answer = new Promise<boolean>((resolve) => {
    settle = (allowed) => {
      backdrop.remove();
      previousFocus?.focus?.();
      resolve(allowed);
    };
  });
  backdrop.addEventListener('keydown', (event) => {
    if (!event.isTrusted) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      settle(false);
    } else if (event.key === 'Tab') {
      event.preventDefault();
      const next = (event.target === allow) !== event.shiftKey ? deny : allow;
      next.focus();
    }
  });
  container.append(backdrop);
  dialog.focus();
  return { answer, dismiss: () => backdrop.remove() };
}
