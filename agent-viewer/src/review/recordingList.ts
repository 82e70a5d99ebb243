/**
 * The list screen: a table of the recordings the supervisor may see (session, site, agents,
 * start in local time, duration), newest first, with a Play button per row and "Show older
 * recordings" while the server has more; or the empty state. Recording data goes into the page
 * as text only.
 */
import type { RecordingSummary } from '../../../protocol/recording';
import { fillIn } from '../consoleLanguage';
import { byId, REVIEW_TEST_IDS, showReviewScreen } from './reviewElements';
import { epochOf, formatDuration, formatLocalDateTime, shortId } from './reviewFormat';
import type { ReviewLanguage, ReviewStrings } from './reviewI18n';

/** Newest first by start (the server's order already; unreadable dates last, in their order). */
export function newestFirst(recordings: readonly RecordingSummary[]): RecordingSummary[] {
  return recordings
    .map((recording, index) => ({ recording, index, start: epochOf(recording.startedAt) ?? -Infinity }))
    .sort((a, b) => b.start - a.start || a.index - b.index)
    .map(({ recording }) => recording);
}

function cell(tag: 'td' | 'th', text: string, className?: string): HTMLTableCellElement {
  const element = document.createElement(tag);
  element.textContent = text;
  if (className) element.className = className;
  return element;
}

/** One row of the table. */
function row(recording: RecordingSummary, lang: ReviewLanguage, strings: ReviewStrings, onOpen: (recording: RecordingSummary) => void): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.dataset['testid'] = REVIEW_TEST_IDS.recordingRow;
  tr.dataset['recording'] = recording.id;
  const session = cell('th', shortId(recording.session), 'recording-session');
  session.scope = 'row';
  session.title = recording.session;
  const started = formatLocalDateTime(recording.startedAt, lang);
  const agents = recording.agents.map((agent) => agent.name).join(', ') || strings.noAgents;
  const open = document.createElement('button');
  open.type = 'button';
  open.textContent = strings.open;
  open.setAttribute('aria-label', fillIn(strings.openLabel, { session: shortId(recording.session), started }));
  open.addEventListener('click', () => onOpen(recording));
  const action = document.createElement('td');
  action.append(open);
  tr.append(
    session,
    cell('td', recording.site, 'recording-site'),
    cell('td', agents, 'recording-agents'),
    cell('td', started, 'recording-started'),
    cell('td', formatDuration(recording.durationMs), 'recording-duration'),
    action,
  );
  return tr;
}

/** What the list screen shows. */
export interface RecordingListView {
  recordings: readonly RecordingSummary[];
  /** Rows the server sent that could not be read. */
  dropped: number;
  lang: ReviewLanguage;
  strings: ReviewStrings;
  onOpen(recording: RecordingSummary): void;
  /** Fetches the next, older page; null on the last page. */
  onMore: (() => void) | null;
}

/** Shows the list screen in its loading state. */
export function showListLoading(strings: ReviewStrings): void {
  showReviewScreen('recordings');
  byId('recordings-status').textContent = strings.listLoading;
  byId('recordings-table').hidden = true;
  byId('recordings-empty').hidden = true;
}

/** Shows the list screen with these recordings (or its empty state). */
export function showRecordingList({ recordings, dropped, lang, strings, onOpen, onMore }: RecordingListView): void {
  showReviewScreen('recordings');
  byId('recordings-status').textContent = dropped > 0 ? fillIn(strings.listOmitted, { count: dropped }) : '';
  const body = byId<HTMLTableSectionElement>('recordings-body');
  body.replaceChildren(...newestFirst(recordings).map((recording) => row(recording, lang, strings, onOpen)));
  byId('recordings-table').hidden = recordings.length === 0;
  byId('recordings-empty').hidden = recordings.length > 0;
  const more = byId<HTMLButtonElement>('recordings-more');
  more.hidden = onMore === null;
  more.disabled = false;
  more.onclick = onMore && ((): void => {
    more.disabled = true;
    onMore();
  });
}
