/** "Highlight": drag a rectangle over the replay → a `rect` mark anchored to the node under it. */
import { anchorDrawnBox } from '../replayAnchor';
import { DraftFigure } from './draftFigure';
import { rectFromCorners, scaleRect, type XY } from './markGeometry';
import type { Tool, ToolContext } from './toolTypes';

/** Smallest box (canvas px) that counts as a highlight rather than a stray click. */
const MIN_SIDE_PX = 4;

/** Creates the Highlight tool. */
export function createHighlightTool(ctx: ToolContext): Tool {
  const draft = new DraftFigure(ctx.canvas);
  let start: XY | null = null;
  return {
    cursor: 'crosshair',
    down(at) {
      start = at;
    },
    move(at, pressed) {
      if (start && pressed) draft.show({ shape: 'rect', color: ctx.color(), box: rectFromCorners(start, at) });
    },
    up(at) {
      if (!start) return;
      const drawn = rectFromCorners(start, at);
      start = null;
      draft.clear();
      const replayer = ctx.replayer();
      if (!replayer || drawn.w < MIN_SIDE_PX || drawn.h < MIN_SIDE_PX) return;
      ctx.keep({ shape: 'rect', ...anchorDrawnBox(replayer, scaleRect(drawn, 1 / ctx.scale())) });
    },
    stop() {
      start = null;
      draft.clear();
    },
  };
}
