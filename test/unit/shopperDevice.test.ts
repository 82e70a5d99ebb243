import { EventType, IncrementalSource, MouseInteractions, NodeType, type eventWithTime } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import type { DeviceState } from '../../protocol/deviceState';
import { CONSOLE_STRINGS } from '../../agent-viewer/src/consoleI18n';
import { keyboardArea, zoomedArea } from '../../agent-viewer/src/deviceAreas';
import { deviceMarkingText } from '../../agent-viewer/src/deviceMarking';
import { touchStartPoint } from '../../agent-viewer/src/recordedTouch';
import { changesStyleSheets } from '../../agent-viewer/src/styleSheetChanges';

const phone: DeviceState = {
  phone: true,
  width: 390,
  height: 760,
  orientation: 'portrait',
  visual: { x: 0, y: 0, width: 390, height: 760, scale: 1 },
  keyboard: 0,
  media: { pointer: 'coarse', hover: false, dark: false, reducedMotion: false },
};

describe('deviceMarkingText', () => {
  it('marks a phone with its viewport and orientation, in both languages', () => {
    expect(deviceMarkingText(phone, CONSOLE_STRINGS.en)).toBe('Phone · 390×760 · portrait');
    expect(deviceMarkingText({ ...phone, width: 760, height: 390.4, orientation: 'landscape' }, CONSOLE_STRINGS['zh-CN'])).toBe('手机 · 760×390 · 横屏');
  });

  it('says nothing for a desktop', () => {
    expect(deviceMarkingText({ ...phone, phone: false }, CONSOLE_STRINGS.en)).toBe('');
  });
});

describe('zoomedArea', () => {
  it('is the visual viewport while pinch-zoomed in, nothing at (about) 1', () => {
    expect(zoomedArea({ ...phone, visual: { x: 98, y: 190, width: 195, height: 380, scale: 2 } })).toEqual({ x: 98, y: 190, width: 195, height: 380 });
    expect(zoomedArea({ ...phone, visual: { ...phone.visual, scale: 1.04 } })).toBeNull();
    expect(zoomedArea(phone)).toBeNull();
  });
});

describe('keyboardArea', () => {
  it('lies over the page when the browser shrank only the visible area', () => {
    expect(keyboardArea({ ...phone, visual: { ...phone.visual, height: 460 }, keyboard: 300 })).toEqual({ x: 0, y: 460, width: 390, height: 300 });
  });

  it('lies below the layout viewport when the browser resized the page for it', () => {
    expect(keyboardArea({ ...phone, height: 460, visual: { ...phone.visual, height: 460 }, keyboard: 300 })).toEqual({ x: 0, y: 460, width: 390, height: 300 });
  });

  it('covers the bottom of the zoomed-in area in page px', () => {
    expect(keyboardArea({ ...phone, visual: { x: 98, y: 190, width: 195, height: 230, scale: 2 }, keyboard: 300 })).toEqual({ x: 98, y: 420, width: 195, height: 150 });
  });

  it('is nothing without a keyboard', () => {
    expect(keyboardArea(phone)).toBeNull();
  });
});

/** An incremental event of this data. */
const incremental = (data: object): eventWithTime => ({ type: EventType.IncrementalSnapshot, data, timestamp: 1 }) as eventWithTime;

describe('touchStartPoint', () => {
  it('is where a finger touched the screen', () => {
    expect(touchStartPoint(incremental({ source: IncrementalSource.MouseInteraction, type: MouseInteractions.TouchStart, id: 5, x: 120, y: 340.5 }))).toEqual({ x: 120, y: 340.5 });
  });

  it('is nothing for mouse presses, touch ends, clicks and other events', () => {
    for (const type of [MouseInteractions.MouseDown, MouseInteractions.Click, MouseInteractions.TouchEnd]) {
      expect(touchStartPoint(incremental({ source: IncrementalSource.MouseInteraction, type, id: 5, x: 1, y: 2 }))).toBeNull();
    }
    expect(touchStartPoint(incremental({ source: IncrementalSource.MouseInteraction, type: MouseInteractions.TouchStart, id: 5 }))).toBeNull();
    expect(touchStartPoint(incremental({ source: IncrementalSource.Scroll, id: 1, x: 0, y: 10 }))).toBeNull();
    expect(touchStartPoint({ type: EventType.Custom, data: { tag: 'x', payload: {} }, timestamp: 1 } as eventWithTime)).toBeNull();
  });
});

describe('changesStyleSheets', () => {
  // Plain stand-ins for replayed nodes: only the properties the check reads.
  const style = { nodeType: 1, localName: 'style' };
  const nodes: Record<number, object> = {
    1: style,
    2: { nodeType: 3, parentElement: style },
    3: { nodeType: 1, localName: 'link' },
    4: { nodeType: 1, localName: 'div' },
    5: { nodeType: 3, parentElement: { nodeType: 1, localName: 'p' } },
  };
  const nodeOf = (id: number): Node | null => (nodes[id] as Node | undefined) ?? null;
  const mutation = (part: object): eventWithTime => incremental({ source: IncrementalSource.Mutation, adds: [], removes: [], texts: [], attributes: [], ...part });
  const added = (id: number): object => ({ parentId: 0, nextId: null, node: { type: NodeType.Element, tagName: 'x', attributes: {}, childNodes: [], id } });

  it('is true for rule and adopted-sheet events and for mutations of <style>, its text or <link>', () => {
    expect(changesStyleSheets(incremental({ source: IncrementalSource.StyleSheetRule, id: 1, adds: [] }), nodeOf)).toBe(true);
    expect(changesStyleSheets(incremental({ source: IncrementalSource.AdoptedStyleSheet, id: 1, styleIds: [] }), nodeOf)).toBe(true);
    expect(changesStyleSheets(mutation({ adds: [added(4), added(1)] }), nodeOf)).toBe(true);
    expect(changesStyleSheets(mutation({ texts: [{ id: 2, value: 'p{}' }] }), nodeOf)).toBe(true);
    expect(changesStyleSheets(mutation({ attributes: [{ id: 3, attributes: { media: '(hover: none)' } }] }), nodeOf)).toBe(true);
  });

  it('is false for other mutations and events', () => {
    expect(changesStyleSheets(mutation({ adds: [added(4)], texts: [{ id: 5, value: 'hi' }], attributes: [{ id: 4, attributes: { class: 'x' } }] }), nodeOf)).toBe(false);
    expect(changesStyleSheets(mutation({ adds: [added(99)] }), nodeOf)).toBe(false);
    expect(changesStyleSheets(incremental({ source: IncrementalSource.Scroll, id: 1, x: 0, y: 10 }), nodeOf)).toBe(false);
  });
});
