/** "Highlight": drag a rectangle over the replay → a `rect` mark anchored to the node under it. */
import { anchorDrawnBox } from '../replayAnchor';
import { createDragTool } from './dragTool';
import { rectFromCorners, scaleRect } from './markGeometry';
import type { Tool, ToolContext } from './toolTypes';

/** Smallest box (canvas px) that counts as a highlight rather than a stray click. */
const MIN_SIDE_PX = 4;

/** Creates the Highlight tool. */
export function createHighlightTool(ctx: ToolContext): Tool {
  return createDragTool(ctx, {
    preview: (from, at) => ({ shape: 'rect', color: ctx.color(), box: rectFromCorners(from, at) }),
    finish(from, to, replayer, factor) {
      const drawn = rectFromCorners(from, to);
      if (drawn.w < MIN_SIDE_PX || drawn.h < MIN_SIDE_PX) return null;
      return { shape: 'rect', ...anchorDrawnBox(replayer, scaleRect(drawn, factor)) };
    },
  });
}
