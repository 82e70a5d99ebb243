/**
 * The Element tool without a pointer: while the tool is on, the replay (the stage) is a tab
 * stop; focused, arrow keys (Home, End) move a candidate outline through the replayed page's
 * elements (elementCandidates.ts), Enter or Space marks it as a click would, Escape switches
 * the tool off (toolbox.ts) and focus returns where it came from. Each candidate is announced
 * in a polite live region.
 */
import { fillIn } from '../consoleI18n';
import { describeElement, elementCandidates } from './elementCandidates';
import type { ElementTarget } from './elementTarget';
import { createAnnouncer } from './politeAnnouncer';
import { replayElement } from './replayDom';
import { nextFocusIndex } from './rovingFocus';
import type { ToolContext } from './toolTypes';

/** Keys that move the candidate, and the key that starts over when the candidate is gone. */
const MOVES: Record<string, 'Home' | 'End'> = { ArrowDown: 'Home', ArrowRight: 'Home', Home: 'Home', ArrowUp: 'End', ArrowLeft: 'End', End: 'End' };

/** Keyboard picking of the Element tool. */
export interface KeyboardPicker {
  /** The tool was switched on: the replay becomes a tab stop. */
  arm(): void;
  /** The tool was picked from the keyboard: the replay takes focus and shows its first candidate. */
  begin(): void;
  /** The pointer took over the outline: forget the candidate. */
  release(): void;
  /** Keeps the candidate's outline on its element as the replay moves; true while there is one. */
  frame(): boolean;
  /** The tool was switched off: no tab stop, no candidate, focus back where it came from. */
  disarm(): void;
}

/** Creates the keyboard picking of the Element tool over `ctx.stage`. */
export function createKeyboardPicker(ctx: ToolContext, target: ElementTarget): KeyboardPicker {
  const { stage, labels } = ctx;
  const announcer = createAnnouncer(stage);
  let armed = false;
  let candidate: Element | null = null;
  let restoreFocus: HTMLElement | null = null;

  const move = (key: string): void => {
    const replayer = ctx.replayer();
    const list = replayer ? elementCandidates(replayer) : [];
    const current = list.findIndex((found) => found.element === candidate);
    const index = nextFocusIndex(list.length, current, current < 0 ? MOVES[key]! : key, () => true);
    const found = index === null ? null : (list[index] ?? null);
    candidate = found?.element ?? null;
    target.show(found);
    if (index === null || !found) return announcer.say(labels.elementNone);
    announcer.say(fillIn(labels.elementCandidate, { name: describeElement(found.element), n: index + 1, count: list.length }));
    ctx.animate();
  };

  const markCandidate = (): void => {
    const replayer = ctx.replayer();
    const found = replayer && candidate ? replayElement(replayer, candidate) : null;
    if (found && target.mark(found)) announcer.say(fillIn(labels.elementMarked, { name: describeElement(found.element) }));
    else move('Home');
  };

  const forget = (): void => {
    candidate = null;
    target.clear();
  };

  stage.addEventListener('keydown', (event) => {
    if (!armed || event.target !== stage || event.altKey || event.ctrlKey || event.metaKey) return;
    if (Object.hasOwn(MOVES, event.key)) move(event.key);
    else if (event.key === 'Enter' || event.key === ' ') markCandidate();
    else return;
    event.preventDefault();
  });
  stage.addEventListener('focus', () => {
    if (armed && !candidate) move('Home');
  });
  stage.addEventListener('blur', () => {
    if (armed) forget();
  });

  return {
    arm() {
      armed = true;
      stage.tabIndex = 0;
      stage.setAttribute('role', 'application');
      stage.setAttribute('aria-label', labels.elementStage);
    },
    begin() {
      const from = document.activeElement;
      // Picked again from the replay itself: focus still goes back where it first came from.
      if (from !== stage) restoreFocus = from instanceof HTMLElement && from !== document.body ? from : null;
      stage.focus();
    },
    release() {
      candidate = null;
    },
    frame() {
      const replayer = ctx.replayer();
      const found = replayer && candidate ? replayElement(replayer, candidate) : null;
      if (!found) {
        if (candidate) forget();
        return false;
      }
      target.show(found);
      return true;
    },
    disarm() {
      if (!armed) return;
      armed = false;
      forget();
      // Still focusable from script, so focus never falls to the page's body.
      stage.tabIndex = -1;
      stage.removeAttribute('role');
      stage.removeAttribute('aria-label');
      if (document.activeElement === stage && restoreFocus?.isConnected) restoreFocus.focus();
      restoreFocus = null;
    },
  };
}
