/**
 * Agent console (`/agent/`): sign in (pasted token or `#token=`), pick a shopper from the
 * queue or type a code, watch the shopper's page live (view-only: the replay iframe is
 * sandboxed without scripts) and draw marks that appear on the shopper's page.
 */
import 'rrweb/dist/style.css';
import './console.css';
import { agentFromToken, codeFromUrl, forgetAgentToken, saveAgentToken, takeAgentToken } from './agentCredentials';
import { CONSOLE_STRINGS, fillIn, pickConsoleLanguage } from './consoleI18n';
import { queueHref } from './consoleLinks';
import { byId } from './pageElements';
import { showQueue } from './queueView';
import { showSession } from './sessionView';
import { showSignIn } from './signInView';
import { translatePage } from './translatePage';

const lang = pickConsoleLanguage(new URLSearchParams(location.search).get('lang'), navigator.languages ?? [navigator.language]);
const strings = CONSOLE_STRINGS[lang];

/** Back to sign-in after the server refused the token; the current address (`?code=`) is kept. */
function askToSignInAgain(): void {
  forgetAgentToken();
  showHeader(null);
  signIn(strings.signInRefused);
}

/** Sign-in screen; a new token reloads the console with it (a fresh start of every view). */
function signIn(message: string | null): void {
  showSignIn(message, (token) => {
    saveAgentToken(token);
    location.reload();
  });
}

/** The header's "Signed in as … · Sign out", or nothing when signed out. */
function showHeader(token: string | null): void {
  const agent = token ? agentFromToken(token) : null;
  const signedInAs = byId('signed-in-as');
  signedInAs.textContent = agent ? fillIn(strings.signedInAs, { name: agent.name }) : '';
  const signOut = byId<HTMLButtonElement>('sign-out');
  signOut.hidden = !token;
  signOut.onclick = () => {
    forgetAgentToken();
    location.assign(queueHref());
  };
}

function boot(): void {
  translatePage(lang, strings);
  const token = takeAgentToken();
  showHeader(token);
  if (!token) return signIn(null);
  const code = codeFromUrl();
  if (code) showSession({ token, code, lang, strings, agent: agentFromToken(token), onUnauthorized: askToSignInAgain });
  else showQueue({ token, lang, strings, onUnauthorized: askToSignInAgain });
}

boot();
