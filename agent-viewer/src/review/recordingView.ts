/**
 * The recording screen: fetches one recording, opens its frames, shows what is known about it
 * (site, agents, start, duration, end, first page) and how much of it could not be read, then
 * hands it to the playback (reviewPlayback.ts), or lists its events when it holds no page.
 */
import type { RecordingBody } from '../../../protocol/recording';
import { fillIn } from '../consoleLanguage';
import { ReplayAssetRouter } from '../replayAssets';
import { renderMarkerList } from './markerList';
import { fetchRecording, type ApiFailure } from './recordingApi';
import { decodeRecordedFrames } from './recordedFrames';
import { buildReviewTimeline, type ReviewTimeline } from './recordingEvents';
import { byId, showReviewScreen } from './reviewElements';
import { formatDuration, formatLocalDateTime, shortId } from './reviewFormat';
import type { ReviewLanguage, ReviewStrings } from './reviewI18n';
import { playTimeline } from './reviewPlayback';

/** What the recording screen needs. */
export interface RecordingViewOptions {
  token: string;
  id: string;
  lang: ReviewLanguage;
  strings: ReviewStrings;
  /** Moves keyboard focus to the screen's heading (after the agent chose a recording). */
  focusHeading: boolean;
  /** The API gave no recording (401, 403, 404, network…). */
  onFailure(failure: ApiFailure): void;
}

/** One fact of the `<dl>`. */
function fact(label: string, value: string): HTMLDivElement {
  const wrapper = document.createElement('div');
  wrapper.className = 'fact';
  const dt = document.createElement('dt');
  dt.textContent = label;
  const dd = document.createElement('dd');
  dd.textContent = value;
  wrapper.append(dt, dd);
  return wrapper;
}

/** Fills the heading and facts. */
function showFacts(recording: RecordingBody, timeline: ReviewTimeline, lang: ReviewLanguage, strings: ReviewStrings): void {
  byId('recording-heading').textContent = fillIn(strings.recordingHeading, { session: shortId(recording.session) });
  const facts = [
    fact(strings.siteLabel, recording.site),
    fact(strings.agentsLabel, recording.agents.map((agent) => agent.name).join(', ') || strings.noAgents),
    fact(strings.startedLabel, formatLocalDateTime(recording.startedAt, lang)),
    fact(strings.durationLabel, formatDuration(recording.durationMs)),
    fact(strings.endedLabel, recording.endedAt ? formatLocalDateTime(recording.endedAt, lang) : strings.stillRunning),
  ];
  if (timeline.firstPage) facts.push(fact(strings.pageLabel, timeline.firstPage));
  byId('recording-facts').replaceChildren(...facts);
}

/** Empties the screen (a new recording is loading, or another screen takes over). */
function resetScreen(strings: ReviewStrings): void {
  byId('recording-heading').textContent = strings.recordingLoading;
  byId('recording-facts').replaceChildren();
  byId('recording-status').textContent = '';
  byId('recording-notice').hidden = true;
  byId('recording-body').hidden = true;
  byId('review-player').replaceChildren();
  byId('marker-list').replaceChildren();
}

/**
 * Shows the recording screen for `id`; resolves to how to leave it (stops playback), or to
 * null when the recording could not be fetched (`onFailure` was called).
 */
export async function showRecording({ token, id, lang, strings, focusHeading, onFailure }: RecordingViewOptions, signal: AbortSignal): Promise<(() => void) | null> {
  showReviewScreen('recording');
  resetScreen(strings);
  const answer = await fetchRecording(token, id, signal);
  if (signal.aborted) return null;
  if (answer.kind !== 'ok') {
    byId('recording-status').textContent = '';
    onFailure(answer);
    return null;
  }
  const { recording, dropped } = answer;
  const assets = new ReplayAssetRouter(location.origin);
  assets.setSite(recording.site);
  const { frames, skipped } = await decodeRecordedFrames(recording.items);
  if (signal.aborted) return null;
  const timeline = buildReviewTimeline(recording, frames, strings, (event) => assets.route(event));

  showFacts(recording, timeline, lang, strings);
  const unreadable = dropped + skipped;
  const notice = byId('recording-notice');
  notice.textContent = fillIn(strings.unreadableItems, { count: unreadable });
  notice.hidden = unreadable === 0;
  byId('markers-empty').hidden = timeline.markers.length > 0;
  byId('recording-body').hidden = false;
  if (focusHeading) byId('recording-heading').focus();

  const { startTime } = timeline;
  if (startTime === null || timeline.events.length === 0) {
    byId('recording-status').textContent = strings.nothingToPlay;
    renderMarkerList(byId('marker-list'), timeline.markers, timeline.markers[0]?.time ?? 0, lang, null);
    return () => {};
  }
  byId('recording-status').textContent = '';
  try {
    return playTimeline(byId('review-player'), byId('marker-list'), { ...timeline, startTime }, lang, strings);
  } catch (err) {
    console.warn('[Lookalong] the recording could not be played:', (err as Error).message);
    byId('recording-status').textContent = strings.errorPlayer;
    return () => {};
  }
}
