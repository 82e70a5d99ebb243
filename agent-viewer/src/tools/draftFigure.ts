/** A temporary drawing on the canvas (a drag in progress, a hover outline), replaced as it changes. */
import type { Canvas, FabricObject } from 'fabric';
import { figureObjects, type Figure } from './markFigure';

/** One replaceable temporary figure. */
export class DraftFigure {
  private objects: FabricObject[] = [];

  constructor(private readonly canvas: Canvas) {}

  /** Shows `figure` instead of the previous one (nothing for null). */
  show(figure: Figure | null): void {
    if (this.objects.length) this.canvas.remove(...this.objects);
    this.objects = figure ? figureObjects(figure) : [];
    if (this.objects.length) this.canvas.add(...this.objects);
    this.canvas.requestRenderAll();
  }

  /** Removes the figure. */
  clear(): void {
    if (this.objects.length) this.show(null);
  }
}
