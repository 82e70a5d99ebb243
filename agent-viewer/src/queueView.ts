/**
 * The queue screen: the shoppers asking for help on the agent's sites, polled every 2 s while
 * shown, with waiting times ticking each second; an entry (a link) or a typed code joins.
 */
import { formatSessionCode } from '../../protocol/sessionCodeFormat';
import type { QueueEntry } from '../../protocol/sessionQueue';
import { fillIn, type ConsoleLanguage, type ConsoleStrings } from './consoleI18n';
import { sessionHref } from './consoleLinks';
import { byId, showScreen } from './pageElements';
import { fetchQueue } from './queueApi';
import { formatWaitingTime } from './waitingTime';

const POLL_INTERVAL_MS = 2000;
const TICK_MS = 1000;

/** What the queue screen needs. */
export interface QueueViewOptions {
  token: string;
  lang: ConsoleLanguage;
  strings: ConsoleStrings;
  /** The API refused the token: the queue has stopped; the console asks for a new sign-in. */
  onUnauthorized(): void;
}

/** One rendered entry: its link and the part of it that ticks. */
interface EntryView {
  item: HTMLLIElement;
  link: HTMLAnchorElement;
  entry: QueueEntry;
  time: HTMLElement;
}

function span(className: string): HTMLSpanElement {
  const element = document.createElement('span');
  element.className = className;
  return element;
}

/** The shopper's language named in the console's ("English", "中文（中国）"), or the tag itself. */
function languageName(names: Intl.DisplayNames, tag: string): string {
  try {
    return names.of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** Builds the link of one entry; `fill` puts the data in. */
function createEntryView(entry: QueueEntry): EntryView {
  const item = document.createElement('li');
  const link = document.createElement('a');
  link.className = 'queue-entry';
  link.dataset['code'] = entry.code;
  link.href = sessionHref(entry.code);
  item.append(link);
  return { item, link, entry, time: span('entry-time') };
}

/** Puts an entry's data into its view (texts only: shop data never becomes markup). */
function fill(view: EntryView, entry: QueueEntry, strings: ConsoleStrings, languages: Intl.DisplayNames): void {
  view.entry = entry;
  const title = span(entry.title ? 'entry-title' : 'entry-title untitled');
  title.textContent = entry.title ?? strings.untitledPage;
  const state = span('entry-state');
  state.dataset['state'] = entry.state;
  state.textContent = entry.state === 'live' ? strings.stateLive : strings.stateWaiting;
  const site = span('entry-site');
  site.textContent = entry.site;
  const lang = span('entry-lang');
  lang.textContent = languageName(languages, entry.lang);
  lang.dataset['lang'] = entry.lang;
  const code = span('entry-code');
  code.textContent = fillIn(strings.codeShort, { code: formatSessionCode(entry.code) });
  const meta = span('entry-meta');
  meta.append(state, view.time, site, lang);
  if (entry.away) meta.append(Object.assign(span('entry-away'), { textContent: strings.pageAway }));
  if (entry.viewers > 0) {
    const viewers = span('entry-viewers');
    viewers.textContent = fillIn(strings.watchingCount, { count: entry.viewers });
    meta.append(viewers);
  }
  meta.append(code);
  view.link.replaceChildren(title, meta);
}

/** Shows the queue screen and keeps it current until the token is refused. */
export function showQueue({ token, lang, strings, onUnauthorized }: QueueViewOptions): void {
  showScreen('queue');
  const languages = new Intl.DisplayNames([lang], { type: 'language' });
  const list = byId<HTMLOListElement>('queue-list');
  const empty = byId<HTMLElement>('queue-empty');
  const status = byId<HTMLElement>('queue-status');
  const views = new Map<string, EntryView>();
  /** performance.now() when the last answer arrived: waiting times count on from there. */
  let answeredAt = performance.now();
  let stopped = false;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  const aborter = new AbortController();

  const tick = (): void => {
    const since = performance.now() - answeredAt;
    for (const view of views.values()) {
      const template = view.entry.state === 'live' ? strings.sinceFor : strings.waitingFor;
      view.time.textContent = fillIn(template, { time: formatWaitingTime(view.entry.waitingMs + since) });
    }
  };

  /** Updates the list in place (keyed by code), so keyboard focus on an entry survives a poll. */
  const render = (entries: QueueEntry[]): void => {
    const codes = new Set(entries.map((entry) => entry.code));
    for (const [code, view] of views) {
      if (codes.has(code)) continue;
      view.item.remove();
      views.delete(code);
    }
    entries.forEach((entry, index) => {
      let view = views.get(entry.code);
      if (!view) {
        view = createEntryView(entry);
        views.set(entry.code, view);
      }
      fill(view, entry, strings, languages);
      if (list.children[index] !== view.item) list.insertBefore(view.item, list.children[index] ?? null);
    });
    empty.hidden = entries.length > 0;
    list.hidden = entries.length === 0;
    tick();
  };

  const poll = async (): Promise<void> => {
    const answer = await fetchQueue(token, aborter.signal);
    if (stopped) return;
    if (answer.kind === 'unauthorized') {
      stop();
      onUnauthorized();
      return;
    }
    if (answer.kind === 'failed') {
      status.textContent = strings.queueUnreachable;
      console.warn('[Lookalong] queue not loaded:', answer.reason);
    } else {
      status.textContent = answer.omitted > 0 ? fillIn(strings.queueOmitted, { count: answer.omitted }) : '';
      answeredAt = performance.now();
      render(answer.entries);
    }
    pollTimer = setTimeout(() => void poll(), POLL_INTERVAL_MS);
  };

  const ticker = setInterval(tick, TICK_MS);
  const stop = (): void => {
    stopped = true;
    aborter.abort();
    clearTimeout(pollTimer);
    clearInterval(ticker);
  };

  wireJoinForm(strings);
  void poll();
}

/** Typing a code (spaces allowed) and pressing Join opens that session. */
function wireJoinForm(strings: ConsoleStrings): void {
  const form = byId<HTMLFormElement>('join-form');
  const input = byId<HTMLInputElement>('code-input');
  input.addEventListener('input', () => input.setCustomValidity(''));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const typed = input.value.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(typed)) {
      input.setCustomValidity(strings.codeInvalid);
      input.reportValidity();
      return;
    }
    location.assign(sessionHref(typed));
  });
}
