/** "Arrow": drag from tail to head → an `arrow` mark with points [tail, head] in fractions of its box. */
import { anchorDrawnBox } from '../replayAnchor';
import { createDragTool } from './dragTool';
import { boundsOf, distance, scalePoint, strokeBox } from './markGeometry';
import type { Tool, ToolContext } from './toolTypes';

/** Shortest arrow (canvas px) that counts rather than a stray click. */
const MIN_LENGTH_PX = 8;

/** Creates the Arrow tool. */
export function createArrowTool(ctx: ToolContext): Tool {
  return createDragTool(ctx, {
    preview: (tail, at) => (distance(tail, at) < MIN_LENGTH_PX ? null : { shape: 'arrow', color: ctx.color(), box: boundsOf([tail, at]), points: [tail, at] }),
    finish(tail, head, replayer, factor) {
      if (distance(tail, head) < MIN_LENGTH_PX) return null;
      const stroke = strokeBox([scalePoint(tail, factor), scalePoint(head, factor)]);
      return { shape: 'arrow', ...anchorDrawnBox(replayer, stroke.box), points: stroke.points };
    },
  });
}
