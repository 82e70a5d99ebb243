/**
 * The review page's fixed elements (agent-viewer/review.html): its screens, its one error box
 * and the `data-testid`s end-to-end tests find things by.
 */
import { byId } from '../pageElements';

/** `data-testid`s of the review page, for tests driving it. */
export const REVIEW_TEST_IDS = {
  /** One `<tr>` per recording in the list. */
  recordingRow: 'recording-row',
  /** The element rrweb-player is mounted in. */
  player: 'review-player',
  /** One `<li>` per timeline marker in the list beside the player. */
  marker: 'review-marker',
  /** The layer the agents' marks are drawn on, over the replay. */
  marks: 'review-marks',
  /** The error message. */
  error: 'review-error',
} as const;

/** A `[data-testid=…]` selector for one of REVIEW_TEST_IDS. */
export function testIdSelector(id: (typeof REVIEW_TEST_IDS)[keyof typeof REVIEW_TEST_IDS]): string {
  return `[data-testid="${id}"]`;
}

/** The review page's screens, one `<section>` each. */
export type ReviewScreen = 'sign-in' | 'recordings' | 'recording';

/** Shows one screen and hides the others. */
export function showReviewScreen(screen: ReviewScreen): void {
  for (const id of ['sign-in', 'recordings', 'recording'] as const) byId(id).hidden = id !== screen;
}

/** Shows an error in words; `onRetry` adds a "Try again" button. */
export function showReviewError(text: string, onRetry: (() => void) | null): void {
  byId('review-error').textContent = text;
  const retry = byId<HTMLButtonElement>('review-retry');
  retry.hidden = !onRetry;
  retry.onclick = onRetry;
  byId('review-error-box').hidden = false;
}

/** Hides the error box. */
export function hideReviewError(): void {
  byId('review-error-box').hidden = true;
  byId('review-error').textContent = '';
}

/** The element with this id (the console's helper: throws when the page and the script disagree). */
export { byId };
