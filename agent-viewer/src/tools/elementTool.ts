/**
 * "Element": hovering outlines the replayed element under the pointer; a click sends an
 * `element` mark anchored to the whole node.
 */
import { DraftFigure } from './draftFigure';
import { offsetRect, scalePoint, scaleRect, type XY } from './markGeometry';
import { elementAt, replayScroll, type ReplayElement } from './replayDom';
import type { Tool, ToolContext } from './toolTypes';

/** Creates the Element tool. */
export function createElementTool(ctx: ToolContext): Tool {
  const outline = new DraftFigure(ctx.canvas);
  let shown = '';

  const hit = (at: XY): ReplayElement | null => {
    const replayer = ctx.replayer();
    return replayer ? elementAt(replayer, scalePoint(at, 1 / ctx.scale())) : null;
  };
  const show = (found: ReplayElement | null): void => {
    const box = found ? scaleRect(found.box, ctx.scale()) : null;
    const key = box ? `${found?.node}:${box.x},${box.y},${box.w},${box.h}:${ctx.color()}` : '';
    if (key === shown) return;
    shown = key;
    outline.show(box ? { shape: 'element', color: ctx.color(), box, preview: true } : null);
  };
  const hide = (): void => {
    shown = '';
    outline.clear();
  };

  return {
    cursor: 'pointer',
    down() {},
    move(at) {
      show(hit(at));
    },
    up(at) {
      const replayer = ctx.replayer();
      const found = hit(at);
      if (!replayer || !found) return;
      ctx.keep({ shape: 'element', anchor: { node: found.node, x: 0, y: 0, w: 1, h: 1 }, box: offsetRect(found.box, replayScroll(replayer)) });
    },
    leave: hide,
    stop: hide,
  };
}
