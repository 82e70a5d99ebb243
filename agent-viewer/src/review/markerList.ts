/**
 * The list beside the player: every timeline marker as a button (its colour, its time in the
 * recording, what happened and the local time it happened at); choosing one seeks the player
 * there. The marker playback last passed is `aria-current`. Words go in as text only.
 */
import { REVIEW_TEST_IDS } from './reviewElements';
import { formatDuration, formatLocalTime } from './reviewFormat';
import type { ReviewLanguage } from './reviewI18n';
import type { TimelineMarker } from './timelineMarkers';

/** The rendered list. */
export interface MarkerListView {
  /** Marks the last marker at or before `time` (events' clock) as the current one. */
  setCurrent(time: number): void;
}

function span(className: string, text: string): HTMLSpanElement {
  const element = document.createElement('span');
  element.className = className;
  element.textContent = text;
  return element;
}

/** Index of the last marker at or before `time`, or -1. */
export function currentMarkerIndex(markers: readonly TimelineMarker[], time: number): number {
  let found = -1;
  for (let i = 0; i < markers.length && markers[i]!.time <= time; i += 1) found = i;
  return found;
}

/**
 * Fills `list` with the markers; `startTime` is the player's time 0 on the events' clock, and
 * `onChoose` is null when there is nothing to seek (no page to play).
 */
export function renderMarkerList(
  list: HTMLElement,
  markers: readonly TimelineMarker[],
  startTime: number,
  lang: ReviewLanguage,
  onChoose: ((marker: TimelineMarker) => void) | null,
): MarkerListView {
  const items = markers.map((marker) => {
    const item = document.createElement('li');
    item.className = 'review-marker';
    item.dataset['testid'] = REVIEW_TEST_IDS.marker;
    item.dataset['kind'] = marker.kind;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'review-marker-button';
    button.disabled = !onChoose;
    const dot = span('review-marker-dot', '');
    dot.style.background = marker.color;
    dot.setAttribute('aria-hidden', 'true');
    const clock = document.createElement('time');
    clock.className = 'review-marker-clock';
    clock.dateTime = new Date(marker.at).toISOString();
    clock.textContent = formatLocalTime(marker.at, lang);
    button.append(dot, span('review-marker-offset', formatDuration(marker.time - startTime)), span('review-marker-label', marker.label), clock);
    if (onChoose) button.addEventListener('click', () => onChoose(marker));
    item.append(button);
    return item;
  });
  list.replaceChildren(...items);
  let current = -2;
  return {
    setCurrent(time) {
      const index = currentMarkerIndex(markers, time);
      if (index === current) return;
      items[current]?.removeAttribute('aria-current');
      items[index]?.setAttribute('aria-current', 'true');
      current = index;
    },
  };
}
