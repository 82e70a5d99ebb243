/**
 * Coalesces mark announcements: the first mark after a quiet spell opens a window, and when
 * it closes everything drawn in it is said at once (one mark described, several counted),
 * so a screen reader hears at most one announcement per window. No DOM: `say` does that.
 */
import type { AnnotationShape } from '../../protocol/annotation';
import { announcementFor, isAnnounced, type AnnouncedMark, type AnnouncementStrings } from './markAnnouncement';

/** The window: at most one announcement per this many milliseconds. */
export const ANNOUNCE_WINDOW_MS = 1500;

/** Hears about drawn marks and says them, coalesced. */
export interface MarkAnnouncer {
  /** A mark was drawn on the page by the agent named `by`; a laser trail is ignored. */
  drawn(mark: { shape: AnnotationShape; by: string; text?: string }): void;
  /** Forgets the marks not yet said (the shopper hid every mark). */
  cancel(): void;
  /** Forgets everything and stops the window timer. */
  dispose(): void;
}

/** Creates an announcer that hands each coalesced announcement to `say`. */
export function createMarkAnnouncer(say: (text: string) => void, strings: AnnouncementStrings): MarkAnnouncer {
  let pending: AnnouncedMark[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = (): void => {
    timer = undefined;
    if (!pending.length) return;
    const text = announcementFor(pending, strings);
    pending = [];
    say(text);
  };

  return {
    drawn({ shape, by, text }) {
      if (!isAnnounced(shape)) return;
      pending.push({ shape, by, text });
      timer ??= setTimeout(flush, ANNOUNCE_WINDOW_MS);
    },
    cancel() {
      pending = [];
    },
    dispose() {
      clearTimeout(timer);
      timer = undefined;
      pending = [];
    },
  };
}
