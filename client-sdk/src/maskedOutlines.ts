/** "What can they see?": dashed outlines over the masked areas for a few seconds. */
import { placeBox } from './overlayShapes';
import { el } from './uiHost';

const MAX_OUTLINES = 200;
const OUTLINE_MS = 6000;

/** The outlines shown in one overlay layer. */
export interface MaskedOutlines {
  /** Outlines these elements (replacing earlier outlines) for a few seconds. */
  show(elements: Element[]): void;
  /** Moves the outlines onto their elements' current boxes. */
  layout(): void;
  /** Removes every outline now. */
  clear(): void;
  /** True while outlines are shown. */
  readonly shown: boolean;
}

/** Creates the outline set drawn into `layer`. */
export function createMaskedOutlines(layer: HTMLElement): MaskedOutlines {
  let outlines: Array<{ target: Element; element: HTMLElement }> = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const api: MaskedOutlines = {
    show(elements) {
      api.clear();
      outlines = elements.slice(0, MAX_OUTLINES).map((target) => {
        const element = el('div', 'masked-outline');
        layer.append(element);
        return { target, element };
      });
      api.layout();
      timer = setTimeout(api.clear, OUTLINE_MS);
    },
    layout() {
      for (const { target, element } of outlines) {
        const r = target.getBoundingClientRect();
        placeBox(element, { x: r.left, y: r.top, w: r.width, h: r.height });
      }
    },
    clear() {
      clearTimeout(timer);
      for (const { element } of outlines) element.remove();
      outlines = [];
    },
    get shown() {
      return outlines.length > 0;
    },
  };
  return api;
}
