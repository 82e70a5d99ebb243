/**
 * The layer the agents' marks are drawn on during review: inside the player's replay wrapper,
 * over the sandboxed replay iframe and scaled with it, so its coordinates are the shopper's
 * CSS pixels. Each render shows exactly the marks MarkTimeline says were on the page at that
 * moment, drawn by the shopper overlay's own shapes (client-sdk/src/overlayShapes.ts) and placed
 * on their anchor node in the replayed document (found through the replayer's mirror, as the
 * console does) or else at their document box minus the replay's scroll.
 */
import type { Replayer } from 'rrweb';
import { placeInReplay } from '../tools/replayDom';
import { drawShape, type DrawnShape } from '../../../client-sdk/src/overlayShapes';
import type { ShownMark } from './markTimeline';
import { REVIEW_TEST_IDS } from './reviewElements';

interface Drawn {
  /** The mark version drawn (a replaced mark is a new annotation object). */
  source: ShownMark['annotation'];
  drawn: DrawnShape;
}

/** The marks layer of one player. */
export class ReviewMarkOverlay {
  /** The layer element (`data-testid="review-marks"`). */
  readonly layer: HTMLElement;
  private readonly drawn = new Map<string, Drawn>();

  /** Creates the layer inside the replayer's wrapper, over its iframe. */
  constructor(replayer: Replayer) {
    this.layer = document.createElement('div');
    this.layer.className = 'review-marks';
    this.layer.dataset['testid'] = REVIEW_TEST_IDS.marks;
    // The list beside the player says in words what the marks show.
    this.layer.setAttribute('aria-hidden', 'true');
    replayer.wrapper.append(this.layer);
  }

  /** Shows these marks (and only these), placed in the replay as it is now. */
  render(marks: readonly ShownMark[], replayer: Replayer): void {
    const keep = new Set<string>();
    for (const mark of marks) {
      keep.add(mark.key);
      let entry = this.drawn.get(mark.key);
      if (entry && entry.source !== mark.annotation) {
        entry.drawn.element.remove();
        entry = undefined;
      }
      if (!entry) {
        entry = { source: mark.annotation, drawn: drawShape(mark.annotation, mark.annotation.shape === 'laser' ? null : mark.by.name) };
        entry.drawn.element.dataset['by'] = mark.by.id;
        this.layer.append(entry.drawn.element);
        this.drawn.set(mark.key, entry);
      }
      entry.drawn.place(placeInReplay(replayer, mark.annotation));
      entry.drawn.element.style.opacity = String(mark.opacity);
    }
    for (const [key, entry] of this.drawn) {
      if (keep.has(key)) continue;
      entry.drawn.element.remove();
      this.drawn.delete(key);
    }
  }

  /** Removes the layer and everything on it. */
  destroy(): void {
    this.drawn.clear();
    this.layer.remove();
  }
}
