/**
 * The Element tool's target, whether chosen with the pointer or the keyboard: a dashed outline
 * on the canvas around one replayed element, and the `element` mark anchored to its node.
 */
import { DraftFigure } from './draftFigure';
import { offsetRect, scaleRect } from './markGeometry';
import { replayScroll, type ReplayElement } from './replayDom';
import type { ToolContext } from './toolTypes';

/** Outlines and marks replayed elements. */
export class ElementTarget {
  private readonly outline: DraftFigure;
  private shown = '';

  constructor(private readonly ctx: ToolContext) {
    this.outline = new DraftFigure(ctx.canvas);
  }

  /** Outlines `found` (nothing for null); redraws only when node, place or colour changed. */
  show(found: ReplayElement | null): void {
    const box = found ? scaleRect(found.box, this.ctx.scale()) : null;
    const key = found && box ? `${found.node}:${box.x},${box.y},${box.w},${box.h}:${this.ctx.color()}` : '';
    if (key === this.shown) return;
    this.shown = key;
    this.outline.show(box ? { shape: 'element', color: this.ctx.color(), box, preview: true } : null);
  }

  /** Removes the outline. */
  clear(): void {
    this.shown = '';
    this.outline.clear();
  }

  /** Sends an `element` mark covering the whole of `found`; false when there is no replay. */
  mark(found: ReplayElement): boolean {
    const replayer = this.ctx.replayer();
    if (!replayer) return false;
    this.ctx.keep({ shape: 'element', anchor: { node: found.node, x: 0, y: 0, w: 1, h: 1 }, box: offsetRect(found.box, replayScroll(replayer)) });
    return true;
  }
}
