/**
 * Mounts rrweb-player (play/pause, speed, skip inactive, the progress bar with the timeline's
 * markers as coloured custom-event tags) on a recording's events, and wraps the little of it
 * the review page uses. The replay stays as safe as the console's: rrweb's sandboxed iframe
 * with `allow-same-origin` only (never `UNSAFE_replayCanvas`), no focus moved into the page,
 * and only the console's own style rules added (masked boxes hatched, frames labelled).
 */
import type { eventWithTime } from '@rrweb/types';
import type { ReplayPlugin, Replayer } from 'rrweb';
import Player from 'rrweb-player';
import { replayStyleRules } from '../replayStyleRules';

/** Speeds offered by the player's buttons. */
export const REVIEW_SPEEDS = [1, 2, 4, 8];

/** What the review page asks of the player. */
export interface ReviewPlayerOptions {
  events: eventWithTime[];
  /** Marker words → colour (rrweb-player's `tags`). */
  tags: Record<string, string>;
  width: number;
  height: number;
  /** Written on the boxes standing in for the page's cross-origin frames. */
  framePlaceholder: string;
  plugin: ReplayPlugin;
}

/** The player as the review page uses it. */
export interface ReviewPlayer {
  /** The player's rrweb Replayer (its iframe, wrapper and mirror). */
  readonly replayer: Replayer;
  /** Where playback is, on the events' clock. */
  now(): number;
  /** Jumps to a time on the events' clock (playing on if it was playing). */
  seek(time: number): void;
  /** Hears the playback position (ms from the start) whenever the player's own display changes. */
  onProgress(listener: (offset: number) => void): void;
  /** Hears the player switching between playing and paused. */
  onPlaying(listener: (playing: boolean) => void): void;
  /** Fits the player into a new size (px, controls excluded). */
  resize(width: number, height: number): void;
  destroy(): void;
}

/** The Svelte component methods rrweb-player's types leave out (svelte's own types are not installed). */
interface SvelteComponentApi {
  $set(props: { width?: number; height?: number }): void;
  $destroy(): void;
}

/** A player UI event's `{ payload }`, or undefined. */
function payloadOf(detail: unknown): unknown {
  return typeof detail === 'object' && detail !== null ? (detail as { payload?: unknown }).payload : undefined;
}

/** Mounts the player in `host` (paused at the start). */
export function mountReviewPlayer(host: HTMLElement, options: ReviewPlayerOptions): ReviewPlayer {
  const player = new Player({
    target: host,
    props: {
      events: options.events,
      width: options.width,
      height: options.height,
      autoPlay: false,
      skipInactive: true,
      showController: true,
      speedOption: REVIEW_SPEEDS,
      tags: options.tags,
      // The replay: sandboxed without scripts, no focus taken, no warnings in the console.
      UNSAFE_replayCanvas: false,
      triggerFocus: false,
      showWarning: false,
      insertStyleRules: replayStyleRules(options.framePlaceholder),
      plugins: [options.plugin],
    },
  });
  const component = player as unknown as SvelteComponentApi;
  const replayer = player.getReplayer();
  const startTime = replayer.getMetaData().startTime;

  return {
    replayer,
    now: () => startTime + replayer.getCurrentTime(),
    seek(time) {
      const { totalTime } = replayer.getMetaData();
      player.goto(Math.min(totalTime, Math.max(0, time - startTime)));
    },
    onProgress(listener) {
      player.addEventListener('ui-update-current-time', (detail) => {
        const offset = payloadOf(detail);
        if (typeof offset === 'number') listener(offset);
      });
    },
    onPlaying(listener) {
      player.addEventListener('ui-update-player-state', (detail) => listener(payloadOf(detail) === 'playing'));
    },
    resize(width, height) {
      component.$set({ width, height });
      player.triggerResize();
    },
    destroy() {
      component.$destroy();
      replayer.destroy();
    },
  };
}
