/** The sign-in screen: the agent pastes a token (helpdesks pass one as `#token=` instead). */
import { byId, showScreen } from './pageElements';

/** Shows the sign-in screen, with `message` (e.g. why the last token was refused) when given. */
export function showSignIn(message: string | null, onToken: (token: string) => void): void {
  showScreen('sign-in');
  const notice = byId<HTMLElement>('sign-in-message');
  notice.textContent = message ?? '';
  notice.hidden = !message;
  bindTokenForm(onToken);
}

/** Hands a token submitted in the page's sign-in form (`#sign-in-form`, `#token-input`) to `onToken`, and focuses the field. */
export function bindTokenForm(onToken: (token: string) => void): void {
  const form = byId<HTMLFormElement>('sign-in-form');
  const input = byId<HTMLTextAreaElement>('token-input');
  form.onsubmit = (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (token) onToken(token);
  };
  input.focus();
}
