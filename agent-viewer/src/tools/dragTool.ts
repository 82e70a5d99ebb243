/** The shape of a tool drawn by one drag (Highlight, Arrow): a draft while dragging, a kept mark at release. */
import type { Replayer } from 'rrweb';
import { DraftFigure } from './draftFigure';
import type { XY } from './markGeometry';
import type { Figure } from './markFigure';
import type { MarkDraft, Tool, ToolContext } from './toolTypes';

/** What a drag tool draws; points are canvas px, `factor` turns them into replay px. */
export interface DragShape {
  /** The draft between `from` and `at`, or null while the drag is too small to count. */
  preview(from: XY, at: XY): Figure | null;
  /** The mark to keep for a drag from `from` to `to`, or null for a stray click. */
  finish(from: XY, to: XY, replayer: Replayer, factor: number): MarkDraft | null;
}

/** Creates a tool drawn by one drag. */
export function createDragTool(ctx: ToolContext, shape: DragShape): Tool {
  const draft = new DraftFigure(ctx.canvas);
  let from: XY | null = null;
  return {
    cursor: 'crosshair',
    down(at) {
      from = at;
    },
    move(at, pressed) {
      if (from && pressed) draft.show(shape.preview(from, at));
    },
    up(to) {
      if (!from) return;
      const start = from;
      from = null;
      draft.clear();
      const replayer = ctx.replayer();
      const mark = replayer && shape.finish(start, to, replayer, 1 / ctx.scale());
      if (mark) ctx.keep(mark);
    },
    stop() {
      from = null;
      draft.clear();
    },
  };
}
