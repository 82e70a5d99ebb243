/**
 * "Laser": while the button is held, a fading trail is drawn locally and the recent trail is
 * sent as a `laser` mark at most every SEND_EVERY_MS under one id per stroke (the shopper's
 * overlay replaces it). Laser marks are neither kept nor undoable.
 */
import { MAX_POINTS } from '../../../protocol/annotation';
import { DraftFigure } from './draftFigure';
import { boundsOf, scalePoint, strokeBox, type XY } from './markGeometry';
import { newMarkId } from './markId';
import { replayScroll } from './replayDom';
import { simplifyStroke } from './strokeSimplify';
import type { Tool, ToolContext } from './toolTypes';

/** How long a trail point stays (ms). */
const TRAIL_MS = 600;
/** Fewest milliseconds between two laser messages (the relay allows agents 60 messages/s). */
const SEND_EVERY_MS = 50;

interface TrailPoint {
  at: XY;
  t: number;
}

/** Creates the Laser tool. */
export function createLaserTool(ctx: ToolContext): Tool {
  const draft = new DraftFigure(ctx.canvas);
  let trail: TrailPoint[] = [];
  let strokeId: string | null = null;
  let lastSent = -Infinity;

  const send = (now: number): void => {
    const replayer = ctx.replayer();
    if (!replayer || !strokeId || !trail.length) return;
    lastSent = now;
    const factor = 1 / ctx.scale();
    const scroll = replayScroll(replayer);
    const recent = trail.filter((p) => p.t >= now - TRAIL_MS);
    const inDocument = (recent.length ? recent : trail.slice(-1)).map((p) => {
      const replay = scalePoint(p.at, factor);
      return { x: replay.x + scroll.x, y: replay.y + scroll.y };
    });
    const { box, points } = strokeBox(simplifyStroke(inDocument, MAX_POINTS));
    ctx.pass(strokeId, { shape: 'laser', anchor: null, box, points });
  };

  const add = (at: XY): number => {
    const now = performance.now();
    trail.push({ at, t: now });
    ctx.animate();
    return now;
  };

  return {
    cursor: 'crosshair',
    down(at) {
      strokeId = newMarkId();
      send(add(at));
    },
    move(at, pressed) {
      if (!strokeId || !pressed) return;
      const now = add(at);
      if (now - lastSent >= SEND_EVERY_MS) send(now);
    },
    up(at) {
      if (!strokeId) return;
      send(add(at));
      strokeId = null;
    },
    frame() {
      const now = performance.now();
      const last = trail[trail.length - 1];
      trail = trail.filter((p) => p.t >= now - TRAIL_MS);
      if (strokeId && !trail.length && last) trail = [last];
      const points = trail.map((p) => p.at);
      draft.show(points.length ? { shape: 'laser', color: ctx.color(), box: boundsOf(points), points } : null);
      return points.length > 0;
    },
    stop() {
      strokeId = null;
      trail = [];
      draft.clear();
    },
  };
}
