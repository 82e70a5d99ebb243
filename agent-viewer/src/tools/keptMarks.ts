/**
 * The agent's kept marks: the history Undo walks back, and their drawings on the agent's
 * canvas. Drawings are rebuilt from the wire data, placed on the anchor node in the replay
 * as the shopper's overlay places them, so they follow scrolling, layout and scale changes.
 */
import type { Canvas, FabricObject } from 'fabric';
import type { Replayer } from 'rrweb';
import type { Annotation } from '../../../protocol/annotation';
import { figureObjects } from './markFigure';
import { fromFractions, roundTo, scaleRect } from './markGeometry';
import { placeInReplay } from './replayDom';

/** What the kept marks read from the console to place themselves. */
export interface ReplayView {
  replayer(): Replayer | null;
  scale(): number;
  stream(): number;
}

interface Entry {
  annotation: Annotation;
  objects: FabricObject[];
  /** Placement the drawing was made for; redrawn when it changes. */
  drawnAt: string;
}

/** Kept marks, newest last. */
export class KeptMarks {
  private entries: Entry[] = [];

  constructor(
    private readonly canvas: Canvas,
    private readonly view: ReplayView,
  ) {}

  /** How many marks Undo can still take back. */
  get count(): number {
    return this.entries.length;
  }

  /** Remembers a sent mark and draws it. */
  add(annotation: Annotation): void {
    this.entries.push({ annotation, objects: [], drawnAt: '' });
    this.sync();
  }

  /** Forgets the newest mark and erases it; returns it, or null when there is none. */
  undo(): Annotation | null {
    const entry = this.entries.pop();
    if (!entry) return null;
    this.erase(entry);
    this.canvas.requestRenderAll();
    return entry.annotation;
  }

  /** Forgets and erases every mark. */
  clear(): void {
    for (const entry of this.entries) this.erase(entry);
    this.entries = [];
    this.canvas.requestRenderAll();
  }

  /** Forces every drawing to be rebuilt on the next sync (after a resize). */
  invalidate(): void {
    for (const entry of this.entries) entry.drawnAt = '';
  }

  /**
   * Redraws marks whose place changed. Marks of another stream are forgotten: the shopper's
   * new page never shows them.
   */
  sync(): void {
    const stream = this.view.stream();
    const stale = this.entries.filter((e) => e.annotation.stream !== stream);
    if (stale.length) {
      for (const entry of stale) this.erase(entry);
      this.entries = this.entries.filter((e) => e.annotation.stream === stream);
    }
    const replayer = this.view.replayer();
    const scale = this.view.scale();
    let changed = stale.length > 0;
    for (const entry of this.entries) {
      const placed = replayer ? scaleRect(placeInReplay(replayer, entry.annotation), scale) : null;
      const at = placed ? [placed.x, placed.y, placed.w, placed.h].map((v) => roundTo(v, 1)).join(',') : 'hidden';
      if (at === entry.drawnAt) continue;
      changed = true;
      this.erase(entry);
      entry.drawnAt = at;
      if (!placed) continue;
      const { shape, color, points, text } = entry.annotation;
      entry.objects = figureObjects({ shape, color, box: placed, points: points ? fromFractions(points, placed) : [], ...(text ? { text } : {}) });
      if (entry.objects.length) this.canvas.add(...entry.objects);
    }
    if (changed) this.canvas.requestRenderAll();
  }

  private erase(entry: Entry): void {
    if (entry.objects.length) this.canvas.remove(...entry.objects);
    entry.objects = [];
  }
}
