/**
 * Playback of one recording: rrweb-player on the timeline's events (markers on its progress
 * bar, its controls made keyboard-usable), the markers listed beside it (choosing one seeks),
 * and the agents' marks drawn over the replay as they were on the shopper's page at the current
 * moment: re-placed every frame while playing, after every applied event and seek, and twice a
 * second while paused (the replayed page may still lay out).
 */
import { ReviewMarkOverlay } from './markOverlay';
import { renderMarkerList } from './markerList';
import { MarkTimeline } from './markTimeline';
import { makePlayerAccessible } from './playerAccess';
import type { ReviewTimeline } from './recordingEvents';
import type { ReviewLanguage, ReviewStrings } from './reviewI18n';
import { createReviewReplayPlugin } from './replayPlugin';
import { mountReviewPlayer } from './reviewPlayer';

/** A timeline with something to play. */
export type PlayableTimeline = ReviewTimeline & { startTime: number };

/** Height of rrweb-player's controls under the replay (px). */
const CONTROLS_PX = 80;
/** Space kept below the player (px). */
const BOTTOM_MARGIN_PX = 24;
const MIN_WIDTH_PX = 280;
const MIN_HEIGHT_PX = 240;
/** While paused, marks are re-placed at least this often (the replayed page may still lay out). */
const PAUSED_RENDER_MS = 500;

/** The player's size for the room `host` has and the shopper's viewport shape. */
function playerSize(host: HTMLElement, viewport: ReviewTimeline['viewport']): { width: number; height: number } {
  const width = Math.max(MIN_WIDTH_PX, Math.floor(host.clientWidth));
  const ratio = viewport ? viewport.height / viewport.width : 9 / 16;
  const room = window.innerHeight - host.getBoundingClientRect().top - CONTROLS_PX - BOTTOM_MARGIN_PX;
  return { width, height: Math.max(MIN_HEIGHT_PX, Math.floor(Math.min(width * ratio, room))) };
}

/** Plays the timeline in `host`, its markers listed in `markerList`; returns how to stop. */
export function playTimeline(host: HTMLElement, markerList: HTMLElement, timeline: PlayableTimeline, lang: ReviewLanguage, strings: ReviewStrings): () => void {
  let dirty = true;
  const replayPlugin = createReviewReplayPlugin(() => (dirty = true));
  const player = mountReviewPlayer(host, {
    events: timeline.events,
    tags: timeline.tags,
    ...playerSize(host, timeline.viewport),
    framePlaceholder: strings.framePlaceholder,
    plugin: replayPlugin.plugin,
  });
  const { replayer } = player;
  replayer.on('fullsnapshot-rebuilded', () => {
    replayPlugin.rebuilt(replayer);
    dirty = true;
  });
  const overlay = new ReviewMarkOverlay(replayer);
  const marks = new MarkTimeline(timeline.markChanges);
  const markers = renderMarkerList(markerList, timeline.markers, timeline.startTime, lang, (marker) => player.seek(marker.time));
  const access = makePlayerAccessible(host, {
    iframe: replayer.iframe,
    total: () => replayer.getMetaData().totalTime,
    goto: (offset) => player.seek(timeline.startTime + offset),
  }, strings);

  let playing = false;
  let lastRender = 0;
  let frame = 0;
  player.onPlaying((now) => {
    playing = now;
    access.setPlaying(now);
  });
  player.onProgress((offset) => {
    access.setPosition(offset);
    dirty = true;
  });
  const tick = (now: number): void => {
    if (playing || dirty || now - lastRender >= PAUSED_RENDER_MS) {
      dirty = false;
      lastRender = now;
      const time = player.now();
      overlay.render(marks.at(time), replayer);
      markers.setCurrent(time);
    }
    frame = requestAnimationFrame(tick);
  };
  frame = requestAnimationFrame(tick);
  const onResize = (): void => {
    const size = playerSize(host, timeline.viewport);
    player.resize(size.width, size.height);
    dirty = true;
  };
  window.addEventListener('resize', onResize);

  return () => {
    cancelAnimationFrame(frame);
    window.removeEventListener('resize', onResize);
    replayPlugin.stop();
    overlay.destroy();
    player.destroy();
  };
}

