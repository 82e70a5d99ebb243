/** "Arrow": drag from tail to head → an `arrow` mark with points [tail, head] in fractions of its box. */
import { anchorDrawnBox } from '../replayAnchor';
import { DraftFigure } from './draftFigure';
import { boundsOf, distance, scalePoint, strokeBox, type XY } from './markGeometry';
import type { Tool, ToolContext } from './toolTypes';

/** Shortest arrow (canvas px) that counts rather than a stray click. */
const MIN_LENGTH_PX = 8;

/** Creates the Arrow tool. */
export function createArrowTool(ctx: ToolContext): Tool {
  const draft = new DraftFigure(ctx.canvas);
  let tail: XY | null = null;
  return {
    cursor: 'crosshair',
    down(at) {
      tail = at;
    },
    move(at, pressed) {
      if (!tail || !pressed) return;
      draft.show(distance(tail, at) < MIN_LENGTH_PX ? null : { shape: 'arrow', color: ctx.color(), box: boundsOf([tail, at]), points: [tail, at] });
    },
    up(head) {
      if (!tail) return;
      const from = tail;
      tail = null;
      draft.clear();
      const replayer = ctx.replayer();
      if (!replayer || distance(from, head) < MIN_LENGTH_PX) return;
      const factor = 1 / ctx.scale();
      const stroke = strokeBox([scalePoint(from, factor), scalePoint(head, factor)]);
      ctx.keep({ shape: 'arrow', ...anchorDrawnBox(replayer, stroke.box), points: stroke.points });
    },
    stop() {
      tail = null;
      draft.clear();
    },
  };
}
