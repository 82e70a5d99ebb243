/** The contract between the toolbox and each drawing tool. */
import type { Canvas } from 'fabric';
import type { Replayer } from 'rrweb';
import type { Annotation } from '../../../protocol/annotation';
import type { XY } from './markGeometry';
import type { ToolLabels } from './toolbox';

/** A mark as a tool produces it; the toolbox adds id, colour and stream. */
export type MarkDraft = Pick<Annotation, 'shape' | 'anchor' | 'box' | 'points' | 'text'>;

/** What a tool may use. Points handed to tools are canvas px (Fabric scene points). */
export interface ToolContext {
  /** The Fabric canvas over the replay. */
  readonly canvas: Canvas;
  /** The box around replay and canvas; a tool that takes keys over the replay makes it focusable. */
  readonly stage: HTMLElement;
  /** The toolbox's texts in the console's language. */
  readonly labels: ToolLabels;
  /** Colour of the next mark (#rrggbb). */
  color(): string;
  /** Replay px → canvas px factor. */
  scale(): number;
  /** The current replayer, or null before the first checkpoint. */
  replayer(): Replayer | null;
  /** Sends a mark that stays (until undone or cleared) and keeps it drawn locally. */
  keep(mark: MarkDraft): void;
  /** Sends a passing mark (laser) under `id`; it is neither kept nor undoable. */
  pass(id: string, mark: MarkDraft): void;
  /** Asks for animation frames (the tool's `frame` is called until it returns false). */
  animate(): void;
}

/** One drawing tool. */
export interface Tool {
  /** CSS cursor over the canvas while the tool is active. */
  readonly cursor: string;
  /** Primary button pressed on the canvas. */
  down(at: XY): void;
  /** Pointer moved over the canvas; `pressed` while the button is held. */
  move(at: XY, pressed: boolean): void;
  /** Primary button released (anywhere after a press on the canvas). */
  up(at: XY): void;
  /** Pointer left the canvas. */
  leave?(): void;
  /** One animation frame; returns true while more frames are needed. */
  frame?(now: number): boolean;
  /** The tool was switched on (by pointer or keyboard). */
  start?(): void;
  /** The tool was picked with the keyboard; `at` is the last pointer position over the canvas, or its centre. */
  startFromKeyboard?(at: XY): void;
  /** The canvas was resized (scale changed). */
  resized?(): void;
  /** The tool is switched off: drop drafts and inputs. */
  stop(): void;
}
