/**
 * Draws the shopper's screen over the replay: the pinch-zoomed area outlined with its scale
 * and the on-screen keyboard as a hatched band, both placed in the replay's px times the
 * replay's scale (deviceAreas.ts), so they sit where they are on the shopper's screen.
 */
import type { DeviceState } from '../../protocol/deviceState';
import { fillIn, type ConsoleStrings } from './consoleI18n';
import { keyboardArea, zoomedArea, type LayoutArea } from './deviceAreas';

/** A box of the overlay with a label inside it. */
function labelledBox(className: string): { box: HTMLElement; label: HTMLElement } {
  const box = document.createElement('div');
  box.className = className;
  box.hidden = true;
  const label = document.createElement('span');
  label.className = 'device-area-label';
  box.append(label);
  return { box, label };
}

/** Shows `box` at `area` (replay px) times `scale`, or hides it when there is no area. */
function place(box: HTMLElement, area: LayoutArea | null, scale: number): void {
  box.hidden = !area;
  if (!area) return;
  box.style.left = `${area.x * scale}px`;
  box.style.top = `${area.y * scale}px`;
  box.style.width = `${area.width * scale}px`;
  box.style.height = `${area.height * scale}px`;
}

/** The zoom outline and keyboard band of one session, in the layer over its replay. */
export class DeviceOverlay {
  private readonly zoom = labelledBox('device-zoom');
  private readonly keyboard = labelledBox('device-keyboard');
  private state: DeviceState | null = null;
  private scale = 1;

  /** `layer` is the empty element over the replay; the labels come from `strings`. */
  constructor(layer: HTMLElement, private readonly strings: ConsoleStrings) {
    this.keyboard.label.textContent = strings.deviceKeyboard;
    layer.append(this.zoom.box, this.keyboard.box);
  }

  /** Shows the shopper's latest device state. */
  show(state: DeviceState): void {
    this.state = state;
    this.zoom.label.textContent = fillIn(this.strings.deviceZoomed, { scale: state.visual.scale.toFixed(1) });
    this.draw();
  }

  /** The replay's scale on the console (replay px → console px) changed. */
  setScale(scale: number): void {
    this.scale = scale;
    this.draw();
  }

  /** How far down the shopper's screen reaches, replay px: below the layout viewport while a keyboard sits under a resized page. */
  reach(): number {
    const keyboard = this.state && keyboardArea(this.state);
    return keyboard ? keyboard.y + keyboard.height : 0;
  }

  private draw(): void {
    place(this.zoom.box, this.state && zoomedArea(this.state), this.scale);
    place(this.keyboard.box, this.state && keyboardArea(this.state), this.scale);
  }
}
