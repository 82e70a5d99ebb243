/**
 * "Text": a click opens a note input at that point (an HTML input over the canvas); Enter
 * sends a `text` mark, Escape cancels, leaving the input sends what was typed.
 */
import { MAX_TEXT_CHARS } from '../../../protocol/annotation';
import { anchorDrawnBox } from '../replayAnchor';
import { readableTextColor } from '../../../protocol/markDrawing';
import { NOTE_FONT, NOTE_FONT_PX, noteBox, scalePoint, type XY } from './markGeometry';
import type { Tool, ToolContext } from './toolTypes';

interface OpenNote {
  input: HTMLInputElement;
  /** Top-left corner in replay px (so the input follows scale changes). */
  at: XY;
  restoreFocus: HTMLElement | null;
  closed: boolean;
}

let measureContext: CanvasRenderingContext2D | null = null;

/** Width (replay px) of `text` in the note font. */
function measureNote(text: string): number {
  measureContext ??= document.createElement('canvas').getContext('2d');
  if (!measureContext) return text.length * NOTE_FONT_PX * 0.6;
  measureContext.font = NOTE_FONT;
  return measureContext.measureText(text).width;
}

/** Creates the Text tool. */
export function createTextTool(ctx: ToolContext): Tool {
  let note: OpenNote | null = null;
  let pressAt: XY | null = null;

  const place = (open: OpenNote): void => {
    const scale = ctx.scale();
    const at = scalePoint(open.at, scale);
    open.input.style.left = `${at.x}px`;
    open.input.style.top = `${at.y}px`;
    open.input.style.fontSize = `${Math.max(12, NOTE_FONT_PX * scale)}px`;
  };

  /** Closes the open note, sending it when `commit` and non-empty; `refocus` returns focus where it was before. */
  const close = (commit: boolean, refocus = false): boolean => {
    const open = note;
    if (!open || open.closed) return false;
    open.closed = true;
    note = null;
    const text = open.input.value.trim().slice(0, MAX_TEXT_CHARS);
    open.input.remove();
    if (refocus && open.restoreFocus?.isConnected) open.restoreFocus.focus();
    const replayer = ctx.replayer();
    if (!commit || !text || !replayer) return false;
    ctx.keep({ shape: 'text', ...anchorDrawnBox(replayer, noteBox(open.at, measureNote(text))), text });
    return true;
  };

  const openAt = (at: XY, restoreFocus: HTMLElement | null): void => {
    close(true);
    const input = document.createElement('input');
    input.type = 'text';
    input.className = 'lookalong-note-input';
    input.maxLength = MAX_TEXT_CHARS;
    input.autocomplete = 'off';
    input.spellcheck = true;
    input.setAttribute('aria-label', ctx.labels.textPrompt);
    input.style.position = 'absolute';
    // Shown as the shopper will see the note: the mark colour behind readable text.
    input.style.background = ctx.color();
    input.style.color = readableTextColor(ctx.color());
    const open: OpenNote = { input, at: scalePoint(at, 1 / ctx.scale()), restoreFocus, closed: false };
    input.addEventListener('keydown', (event) => {
      if (event.isComposing) return;
      if (event.key === 'Enter' || event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        if (note === open) close(event.key === 'Enter', true);
      }
    });
    // Leaving the input keeps what was typed; switching windows does not count as leaving.
    input.addEventListener('blur', () => {
      if (note === open && document.hasFocus()) close(true);
    });
    note = open;
    place(open);
    ctx.canvas.wrapperEl.appendChild(input);
    input.focus();
  };

  return {
    cursor: 'text',
    down(at) {
      // A press while a note is open first finishes that note; a new one opens only if it was empty.
      const hadText = !!note && note.input.value.trim() !== '';
      close(true);
      pressAt = hadText ? null : at;
    },
    move() {},
    up() {
      // Opened on release, so the click's own focus change cannot blur the new input.
      if (pressAt) openAt(pressAt, null);
      pressAt = null;
    },
    startFromKeyboard(at) {
      const active = document.activeElement;
      openAt(at, active instanceof HTMLElement && active !== document.body ? active : null);
    },
    resized() {
      if (note) place(note);
    },
    stop() {
      pressAt = null;
      close(false);
    },
  };
}
