/**
 * The consent dialog: the only way sharing starts. Only trusted user events (a real click
 * or key press) answer it, so page scripts cannot grant consent on the shopper's behalf. Where
 * the site keeps recordings, a separate switch asks whether to keep one; only a trusted
 * change moves it, and it starts off (or as the shopper last left it in this session).
 */
import type { AgentPublic, RecordingOffer } from '../../protocol/messages';
import { agentLabel, format, type SdkStrings } from './i18n';
import { el, trustedButton } from './uiHost';

/** The shopper's answer: share or not, and whether to keep a recording. */
export interface ConsentChoice {
  allow: boolean;
  record: boolean;
}

/** The recording switch, or null without an offer; `current()` is what trusted changes left it at. */
function recordingSwitch(offer: RecordingOffer | undefined, strings: SdkStrings): { label: HTMLLabelElement; box: HTMLInputElement; current(): boolean } | null {
  if (!offer) return null;
  let on = offer.on;
  const box = el('input');
  box.type = 'checkbox';
  box.checked = on;
  // A script's click (untrusted) is cancelled, so it never toggles; a real click or Space does.
  box.addEventListener('click', (event) => {
    if (!event.isTrusted) event.preventDefault();
  });
  box.addEventListener('change', () => {
    on = box.checked;
  });
  const label = el('label', 'record');
  label.append(box, ' ', format(strings.recordSwitch, { days: String(offer.days) }));
  return { label, box, current: () => on };
}

/** Shows the dialog in `container`; resolves with the shopper's answer (Esc = deny). */
export function askConsent(container: HTMLElement, agent: AgentPublic, strings: SdkStrings, offer?: RecordingOffer): { answer: Promise<ConsentChoice>; dismiss(): void } {
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
  const record = recordingSwitch(offer, strings);
  const deny = trustedButton(strings.deny, '', () => settle(false));
  const allow = trustedButton(strings.allow, 'primary', () => settle(true));
  const actions = el('div', 'actions');
  actions.append(deny, allow);
  dialog.append(title, body, ...(record ? [record.label] : []), actions);
  backdrop.append(dialog);

  const previousFocus = document.activeElement as HTMLElement | null;
  let settle: (allowed: boolean) => void = () => {};
  const answer = new Promise<ConsentChoice>((resolve) => {
    settle = (allowed) => {
      backdrop.remove();
      previousFocus?.focus?.();
      resolve({ allow: allowed, record: allowed && record !== null && record.current() });
    };
  });
  const focusOrder: HTMLElement[] = [...(record ? [record.box] : []), deny, allow];
  backdrop.addEventListener('keydown', (event) => {
    if (!event.isTrusted) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      settle(false);
    } else if (event.key === 'Tab') {
      event.preventDefault();
      // From the dialog itself, Tab goes to Allow; then around the dialog's own controls.
      const at = focusOrder.indexOf(event.target as HTMLElement);
      const next = at < 0 ? allow : focusOrder[(at + (event.shiftKey ? focusOrder.length - 1 : 1)) % focusOrder.length]!;
      next.focus();
    }
  });
  container.append(backdrop);
  dialog.focus();
  return { answer, dismiss: () => backdrop.remove() };
}
