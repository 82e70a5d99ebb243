/**
 * The agent's toolbox: tool buttons, keyboard shortcuts and the Fabric.js canvas over the
 * replay. Tools turn pointer input into marks (one tool per file); the toolbox stamps id,
 * colour and stream, validates each mark as the relay will, sends it and keeps it drawn
 * (keptMarks.ts) so Undo and Clear can take it back.
 */
import './toolbox.css';
import { Canvas, type TPointerEvent, type TPointerEventInfo } from 'fabric';
import type { Replayer } from 'rrweb';
import { readAnnotation, type Annotation } from '../../../protocol/annotation';
import type { AnnotateMessage, ClearMarksMessage, UnannotateMessage } from '../../../protocol/agentMessages';
import { createArrowTool } from './arrowTool';
import { createElementTool } from './elementTool';
import { KeptMarks } from './keptMarks';
import { createLaserTool } from './laserTool';
import { tidyGeometry, type XY } from './markGeometry';
import { newMarkId } from './markId';
import { createPenTool } from './penTool';
import { createHighlightTool } from './highlightTool';
import { isTypingTarget, shortcutFor, type ToolName } from './shortcuts';
import { createTextTool } from './textTool';
import { renderToolbar } from './toolbar';
import type { MarkDraft, Tool, ToolContext } from './toolTypes';

/** Accessible names (and tooltips) of the tool buttons, localised by the console. */
export interface ToolLabels {
  pen: string;
  highlight: string;
  arrow: string;
  text: string;
  laser: string;
  element: string;
  undo: string;
  clear: string;
  color: string;
  /** Label of the note input. */
  textPrompt: string;
  /** Accessible name of the replay while the Element tool takes keys over it. */
  elementStage: string;
  /** Announces the Element tool's keyboard candidate: `{name}`, `{n}` of `{count}`. */
  elementCandidate: string;
  /** Announced when no element of the replay's viewport can be marked. */
  elementNone: string;
  /** Announced when the keyboard candidate was marked: `{name}`. */
  elementMarked: string;
}

/** What the toolbox needs from the console. */
export interface ToolboxOptions {
  /** Empty container (role=toolbar is set by the console) where the toolbox renders its buttons + colour picker. */
  toolbar: HTMLElement;
  /** The canvas element over the replay (Fabric wraps it). */
  canvas: HTMLCanvasElement;
  /** The element around replay and canvas (pointer tracking, keyboard picking). */
  stage: HTMLElement;
  labels: ToolLabels;
  /** Initial colour (#rrggbb). */
  color: string;
  /** Current replayer (recreated at checkpoints). */
  replayer(): Replayer | null;
  /** Replay px → canvas px factor (canvas = replay * scale). */
  scale(): number;
  /** Current recording stream shown. */
  stream(): number;
  send(message: AnnotateMessage | UnannotateMessage | ClearMarksMessage): void;
}

/** The running toolbox. */
export interface Toolbox {
  /** Canvas size in canvas px; kept marks are redrawn for the new scale. */
  setSize(width: number, height: number): void;
  /** false after the session ends: no drawing, buttons disabled. */
  setEnabled(enabled: boolean): void;
  /** The shopper hid all marks: forget the sent-mark history (and erase the local drawings). */
  marksDismissed(): void;
  destroy(): void;
}

const COLOR_PATTERN = /^#[0-9a-f]{6}$/i;

function isPrimaryPress(e: TPointerEvent): boolean {
  return !('button' in e) || e.button === 0;
}

/** Mounts the toolbox into the console's toolbar and canvas. */
export function mountToolbox(options: ToolboxOptions): Toolbox {
  const canvas = new Canvas(options.canvas, { selection: false, skipTargetFind: true, enableRetinaScaling: true });
  let color = COLOR_PATTERN.test(options.color) ? options.color.toLowerCase() : '#ff5a1f';
  let enabled = true;
  let active: ToolName | null = null;
  let pressed = false;
  let pointer: XY | null = null;
  let frameRequest = 0;
  const marks = new KeptMarks(canvas, options);

  /** Sends a mark only if it passes the relay's own validator (a refused mark would close the socket). */
  const sendChecked = (annotation: Annotation): Annotation | null => {
    let checked: Annotation;
    try {
      checked = readAnnotation(annotation);
    } catch (err) {
      console.warn('[Lookalong] mark not sent:', err instanceof Error ? err.message : err);
      return null;
    }
    options.send({ t: 'annotate', annotation: checked });
    return checked;
  };
  const stamp = (id: string, draft: MarkDraft): Annotation => {
    const annotation: Annotation = { id, color, stream: options.stream(), shape: draft.shape, ...tidyGeometry(draft.anchor, draft.box) };
    if (draft.points) annotation.points = draft.points;
    if (draft.text !== undefined) annotation.text = draft.text;
    return annotation;
  };

  const context: ToolContext = {
    canvas,
    stage: options.stage,
    labels: options.labels,
    color: () => color,
    scale: () => options.scale(),
    replayer: () => options.replayer(),
    keep(draft) {
      if (!enabled) return;
      const sent = sendChecked(stamp(newMarkId(), draft));
      if (!sent) return;
      marks.add(sent);
      toolbar.showHistory(marks.count > 0);
      animate();
    },
    pass(id, draft) {
      if (enabled) sendChecked(stamp(id, draft));
    },
    animate: () => animate(),
  };
  const tools: Record<ToolName, Tool> = {
    pen: createPenTool(context),
    highlight: createHighlightTool(context),
    arrow: createArrowTool(context),
    text: createTextTool(context),
    laser: createLaserTool(context),
    element: createElementTool(context),
  };

  /** One loop for both jobs: kept marks follow the replay, and tools animate (laser trail). */
  function animate(): void {
    if (!frameRequest) frameRequest = requestAnimationFrame(onFrame);
  }
  function onFrame(now: number): void {
    frameRequest = 0;
    marks.sync();
    toolbar.showHistory(marks.count > 0);
    let more = marks.count > 0;
    for (const tool of Object.values(tools)) if (tool.frame?.(now)) more = true;
    if (more) animate();
  }

  const applyPointerMode = (): void => {
    const on = enabled && active !== null;
    canvas.wrapperEl.style.pointerEvents = on ? 'auto' : 'none';
    canvas.defaultCursor = active ? tools[active].cursor : 'default';
    canvas.setCursor(canvas.defaultCursor);
  };

  const select = (tool: ToolName | null, viaKeyboard = false): void => {
    if (!enabled) tool = null;
    if (active && active !== tool) tools[active].stop();
    const switchedOn = tool !== null && tool !== active;
    pressed = false;
    active = tool;
    toolbar.showActive(active);
    applyPointerMode();
    if (tool && switchedOn) tools[tool].start?.();
    if (tool && viaKeyboard) tools[tool].startFromKeyboard?.(pointer ?? { x: canvas.width / 2, y: canvas.height / 2 });
  };

  const undo = (): void => {
    const removed = enabled ? marks.undo() : null;
    if (removed) options.send({ t: 'unannotate', id: removed.id });
    toolbar.showHistory(marks.count > 0);
  };
  const clear = (): void => {
    if (!enabled || marks.count === 0) return;
    marks.clear();
    options.send({ t: 'clear-marks' });
    toolbar.showHistory(false);
  };
  const setColor = (value: string): void => {
    if (!COLOR_PATTERN.test(value)) return;
    color = value.toLowerCase();
    toolbar.showColor(color);
  };

  const toolbar = renderToolbar(options.toolbar, options.labels, color, {
    toggle: (tool, viaKeyboard) => select(active === tool ? null : tool, viaKeyboard),
    undo,
    clear,
    color: setColor,
  });

  canvas.on('mouse:down', (info: TPointerEventInfo) => {
    if (!enabled || !active || !isPrimaryPress(info.e)) return;
    pressed = true;
    tools[active].down({ x: info.scenePoint.x, y: info.scenePoint.y });
  });
  canvas.on('mouse:move', (info: TPointerEventInfo) => {
    if (enabled && active) tools[active].move({ x: info.scenePoint.x, y: info.scenePoint.y }, pressed);
  });
  canvas.on('mouse:up', (info: TPointerEventInfo) => {
    if (!pressed) return;
    pressed = false;
    if (enabled && active) tools[active].up({ x: info.scenePoint.x, y: info.scenePoint.y });
  });
  canvas.on('mouse:out', () => {
    if (active) tools[active].leave?.();
  });

  // Where the pointer rests over the replay (canvas px), even with no tool on: a tool picked
  // from the keyboard (a note) starts there.
  const { stage } = options;
  const onPointerMove = (event: PointerEvent): void => {
    const r = canvas.wrapperEl.getBoundingClientRect();
    const at = { x: event.clientX - r.left, y: event.clientY - r.top };
    pointer = at.x >= 0 && at.y >= 0 && at.x <= r.width && at.y <= r.height ? at : null;
  };
  const onPointerLeave = (): void => {
    pointer = null;
  };
  stage.addEventListener('pointermove', onPointerMove);
  stage.addEventListener('pointerleave', onPointerLeave);

  const onKeyDown = (event: KeyboardEvent): void => {
    if (!enabled || event.defaultPrevented || isTypingTarget(event.target)) return;
    const action = shortcutFor(event);
    if (!action) return;
    if (action.kind === 'escape') {
      if (!active) return;
      select(null);
    } else if (action.kind === 'undo') {
      undo();
    } else if (event.repeat) {
      return;
    } else if (action.kind === 'clear') {
      clear();
    } else {
      select(action.tool, true);
    }
    event.preventDefault();
  };
  document.addEventListener('keydown', onKeyDown);
  applyPointerMode();

  return {
    setSize(width, height) {
      canvas.setDimensions({ width, height });
      marks.invalidate();
      for (const tool of Object.values(tools)) tool.resized?.();
      animate();
    },
    setEnabled(on) {
      if (!on) select(null);
      enabled = on;
      toolbar.setEnabled(on);
      applyPointerMode();
    },
    marksDismissed() {
      marks.clear();
      toolbar.showHistory(false);
    },
    destroy() {
      select(null);
      enabled = false;
      document.removeEventListener('keydown', onKeyDown);
      stage.removeEventListener('pointermove', onPointerMove);
      stage.removeEventListener('pointerleave', onPointerLeave);
      if (frameRequest) cancelAnimationFrame(frameRequest);
      frameRequest = 0;
      toolbar.destroy();
      void canvas.dispose();
    },
  };
}
