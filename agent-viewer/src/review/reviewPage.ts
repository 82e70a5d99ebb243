/**
 * Recordings review page (`/agent/review/`) for supervisors and admins: the console's sign-in
 * (token in this tab's storage, `#token=` accepted), the list of consented session recordings,
 * and one recording (`?id=`) played with rrweb-player, its timeline's events marked and listed,
 * the agents' marks drawn over the replay. The replay is as view-only as the console's: rrweb's
 * sandboxed iframe without scripts, under the console's CSP. Every text in English or Chinese.
 */
import 'rrweb-player/dist/style.css';
import '../console.css';
import './review.css';
import type { RecordingSummary } from '../../../protocol/recording';
import { agentFromToken, forgetAgentToken, saveAgentToken, takeAgentToken } from '../agentCredentials';
import { fillIn } from '../consoleLanguage';
import { fetchRecordingList, type ApiFailure } from './recordingApi';
import { showListLoading, showRecordingList } from './recordingList';
import { showRecording } from './recordingView';
import { byId, hideReviewError, showReviewError } from './reviewElements';
import { failureText } from './reviewErrors';
import { pickReviewLanguage, REVIEW_STRINGS } from './reviewI18n';
import { listHref, recordingHref, recordingIdFrom } from './reviewLinks';
import { showReviewSignIn } from './reviewSignIn';
import { translateReviewPage } from './reviewTranslate';

const lang = pickReviewLanguage(new URLSearchParams(location.search).get('lang'), navigator.languages ?? [navigator.language]);
const strings = REVIEW_STRINGS[lang];

/** The screen shown now: how to leave it (stop playback, drop pending requests). */
let leaveScreen: () => void = () => {};

/** The header's "Signed in as … · Sign out", or nothing when signed out. */
function showHeader(token: string | null): void {
  const agent = token ? agentFromToken(token) : null;
  byId('signed-in-as').textContent = agent ? fillIn(strings.signedInAs, { name: agent.name }) : '';
  const signOut = byId<HTMLButtonElement>('sign-out');
  signOut.hidden = !token;
  signOut.onclick = () => {
    forgetAgentToken();
    leaveScreen();
    showHeader(null);
    hideReviewError();
    signIn();
  };
}

/** Sign-in screen; a new token opens what the address asks for. */
function signIn(): void {
  showReviewSignIn((token) => {
    saveAgentToken(token);
    showHeader(token);
    hideReviewError();
    route(token, false);
  });
}

/** Shows why the API gave nothing; a refused token leads back to sign-in. */
function showFailure(token: string, failure: ApiFailure): void {
  if (failure.kind === 'unauthorized') {
    forgetAgentToken();
    showHeader(null);
    signIn();
  }
  const { text, retry } = failureText(failure, strings);
  showReviewError(text, retry ? () => route(token, false) : null);
}

/** Opens one recording from the list: a new history entry, then its screen. */
function openRecording(token: string, id: string): void {
  history.pushState(null, '', recordingHref(id));
  route(token, true);
}

/** Shows what the address names: `?id=` a recording, else the list. */
function route(token: string, focusHeading: boolean): void {
  leaveScreen();
  hideReviewError();
  const controller = new AbortController();
  let leave: () => void = () => {};
  leaveScreen = () => {
    controller.abort();
    leave();
  };
  const id = recordingIdFrom(location.search);
  if (id) {
    void showRecording({ token, id, lang, strings, focusHeading, onFailure: (failure) => showFailure(token, failure) }, controller.signal).then((stop) => {
      if (stop) leave = stop;
    });
    return;
  }
  showListLoading(strings);
  const shown: RecordingSummary[] = [];
  let dropped = 0;
  const loadPage = (after: string | null): void =>
    void fetchRecordingList(token, controller.signal, after).then((answer) => {
      if (controller.signal.aborted) return;
      if (answer.kind !== 'ok') {
        byId('recordings-status').textContent = '';
        return showFailure(token, answer);
      }
      shown.push(...answer.recordings);
      dropped += answer.dropped;
      const { next } = answer;
      showRecordingList({ recordings: shown, dropped, lang, strings, onOpen: (recording) => openRecording(token, recording.id), onMore: next ? () => loadPage(next) : null });
    });
  loadPage(null);
}

function boot(): void {
  translateReviewPage(lang, strings);
  const back = byId<HTMLAnchorElement>('back-to-list');
  back.href = listHref();
  back.addEventListener('click', (event) => {
    const token = takeAgentToken();
    if (!token || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    history.pushState(null, '', listHref());
    route(token, false);
  });
  window.addEventListener('popstate', () => {
    const token = takeAgentToken();
    if (token) route(token, false);
  });
  const token = takeAgentToken();
  showHeader(token);
  if (token) route(token, false);
  else signIn();
}

boot();
