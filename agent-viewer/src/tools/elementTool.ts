/**
 * "Element": hovering outlines the replayed element under the pointer; a click sends an
 * `element` mark anchored to the whole node. From the keyboard, the replay takes focus and
 * arrow keys walk its elements (elementKeyboard.ts).
 */
import { createKeyboardPicker } from './elementKeyboard';
import { ElementTarget } from './elementTarget';
import { scalePoint, type XY } from './markGeometry';
import { elementAt, type ReplayElement } from './replayDom';
import type { Tool, ToolContext } from './toolTypes';

/** Creates the Element tool. */
export function createElementTool(ctx: ToolContext): Tool {
  const target = new ElementTarget(ctx);
  const keyboard = createKeyboardPicker(ctx, target);

  const hit = (at: XY): ReplayElement | null => {
    const replayer = ctx.replayer();
    return replayer ? elementAt(replayer, scalePoint(at, 1 / ctx.scale())) : null;
  };

  return {
    cursor: 'pointer',
    down() {},
    move(at) {
      keyboard.release();
      target.show(hit(at));
    },
    up(at) {
      const found = hit(at);
      if (found) target.mark(found);
    },
    leave: () => target.clear(),
    frame: () => keyboard.frame(),
    start: () => keyboard.arm(),
    startFromKeyboard: () => keyboard.begin(),
    stop() {
      keyboard.disarm();
      target.clear();
    },
  };
}
