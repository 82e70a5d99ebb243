/** "Pen": freehand stroke → a `pen` mark (simplified to the protocol's point budget), anchored to the node under it. */
import { MAX_POINTS } from '../../../protocol/annotation';
import { anchorDrawnBox } from '../replayAnchor';
import { DraftFigure } from './draftFigure';
import { boundsOf, distance, scalePoint, strokeBox, type XY } from './markGeometry';
import { simplifyStroke } from './strokeSimplify';
import type { Tool, ToolContext } from './toolTypes';

/** A stroke whose box is smaller than this (canvas px) on both sides is a stray click. */
const MIN_EXTENT_PX = 4;
/** Pointer moves closer than this (canvas px) to the last point are skipped. */
const MIN_STEP_PX = 1;
/** Simplification tolerance in replay px. */
const TOLERANCE_PX = 0.75;

/** Creates the Pen tool. */
export function createPenTool(ctx: ToolContext): Tool {
  const draft = new DraftFigure(ctx.canvas);
  let stroke: XY[] | null = null;
  const showDraft = (points: XY[]): void => draft.show({ shape: 'pen', color: ctx.color(), box: boundsOf(points), points });
  return {
    cursor: 'crosshair',
    down(at) {
      stroke = [at];
    },
    move(at, pressed) {
      if (!stroke || !pressed) return;
      if (distance(stroke[stroke.length - 1]!, at) < MIN_STEP_PX) return;
      stroke.push(at);
      showDraft(stroke);
    },
    up(at) {
      if (!stroke) return;
      const points = stroke;
      stroke = null;
      points.push(at);
      draft.clear();
      const replayer = ctx.replayer();
      const extent = boundsOf(points, 0);
      if (!replayer || Math.max(extent.w, extent.h) < MIN_EXTENT_PX) return;
      const factor = 1 / ctx.scale();
      const simple = simplifyStroke(points.map((p) => scalePoint(p, factor)), MAX_POINTS, TOLERANCE_PX);
      if (simple.length < 2) return;
      const shape = strokeBox(simple);
      ctx.keep({ shape: 'pen', ...anchorDrawnBox(replayer, shape.box), points: shape.points });
    },
    stop() {
      stroke = null;
      draft.clear();
    },
  };
}
