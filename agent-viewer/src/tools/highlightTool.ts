/**
 * "Highlight": drag a rectangle on the Fabric.js canvas over the replay. The finished box is
 * handed over in canvas pixels; the drawn shape fades out once sent (the shopper's page
 * keeps the anchored mark).
 */
import { Canvas, Rect as FabricRect, type TPointerEventInfo } from 'fabric';
import type { Rect } from '../../../protocol/annotation';

/** Smallest box (canvas px) that counts as a highlight rather than a stray click. */
const MIN_SIZE_PX = 4;
const FADE_AFTER_MS = 1500;

/** The drawing surface over the replay. */
export class DrawingSurface {
  private readonly canvas: Canvas;
  private active = false;
  private draft: { shape: FabricRect; startX: number; startY: number } | null = null;

  constructor(
    element: HTMLCanvasElement,
    private readonly color: string,
    private readonly onBox: (box: Rect) => void,
  ) {
    this.canvas = new Canvas(element, { selection: false, enableRetinaScaling: false });
    this.canvas.on('mouse:down', (info) => this.begin(info));
    this.canvas.on('mouse:move', (info) => this.extend(info));
    this.canvas.on('mouse:up', () => this.finish());
    this.setActive(false);
  }

  /** Resizes the surface to cover the scaled replay. */
  setSize(width: number, height: number): void {
    this.canvas.setDimensions({ width, height });
  }

  /** Turns the highlight tool on or off (off lets the pointer rest without drawing). */
  setActive(active: boolean): void {
    this.active = active;
    this.canvas.defaultCursor = active ? 'crosshair' : 'default';
    const wrapper = this.canvas.wrapperEl;
    wrapper.style.pointerEvents = active ? 'auto' : 'none';
  }

  private begin(info: TPointerEventInfo): void {
    if (!this.active) return;
    const { x, y } = info.scenePoint;
    const shape = new FabricRect({
      left: x,
      top: y,
      width: 0,
      height: 0,
      originX: 'left',
      originY: 'top',
      fill: `${this.color}33`,
      stroke: this.color,
      strokeWidth: 3,
      strokeUniform: true,
      selectable: false,
      evented: false,
    });
    this.draft = { shape, startX: x, startY: y };
    this.canvas.add(shape);
  }

  private extend(info: TPointerEventInfo): void {
    if (!this.draft) return;
    const { x, y } = info.scenePoint;
    const { shape, startX, startY } = this.draft;
    shape.set({ left: Math.min(x, startX), top: Math.min(y, startY), width: Math.abs(x - startX), height: Math.abs(y - startY) });
    this.canvas.requestRenderAll();
  }

  private finish(): void {
    if (!this.draft) return;
    const { shape } = this.draft;
    this.draft = null;
    const box = { x: shape.left, y: shape.top, w: shape.width, h: shape.height };
    if (box.w < MIN_SIZE_PX || box.h < MIN_SIZE_PX) {
      this.canvas.remove(shape);
      return;
    }
    this.onBox(box);
    setTimeout(() => {
      this.canvas.remove(shape);
      this.canvas.requestRenderAll();
    }, FADE_AFTER_MS);
  }
}
