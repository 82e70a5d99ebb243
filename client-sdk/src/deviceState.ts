/**
 * Tells the agent what the shopper's screen is like (protocol/deviceState.ts): sent once when
 * recording starts and again, at most every UPDATE_MS, whenever the viewport, pinch zoom,
 * on-screen keyboard, orientation or a device media feature changes.
 *
 * The keyboard: browsers shrink the visual viewport (Android Chrome, iOS Safari) or the whole
 * viewport (older Android, some in-app browsers) when it opens, and no API reports it without
 * changing the page's layout. So while a text field has focus, the keyboard is how much
 * shorter the visible area is than the tallest seen in this orientation.
 */
import { DEVICE_STATE_TAG, type DeviceState } from '../../protocol/deviceState';

/** Least coalescing interval between two updates, ms. */
const UPDATE_MS = 100;
/** Below this, a shorter visible area is the browser's toolbar, not a keyboard (CSS px). */
const MIN_KEYBOARD_PX = 120;

const query = (media: string): boolean => matchMedia(media).matches;
const round = (n: number, places = 1): number => Math.round(n * 10 ** places) / 10 ** places;

/** True when the focused element takes typed text (so a keyboard may be open). */
function typingFocused(): boolean {
  const active = document.activeElement as HTMLElement | null;
  if (!active) return false;
  if (active.isContentEditable || active.localName === 'textarea') return true;
  return active.localName === 'input' && !/^(button|checkbox|color|file|hidden|image|radio|range|reset|submit)$/.test((active as HTMLInputElement).type);
}

/** The running reporter. */
export interface DeviceStateReporter {
  /** Sends the current state again (after a new checkpoint: a viewer starting from it has none). */
  resend(): void;
  stop(): void;
}

/** Starts reporting through `emit`. */
export function startDeviceState(emit: (tag: string, payload: DeviceState) => void): DeviceStateReporter {
  const tallest: Record<DeviceState['orientation'], number> = { portrait: 0, landscape: 0 };
  let last = '';
  let timer: ReturnType<typeof setTimeout> | undefined;

  const read = (): DeviceState => {
    const vv = window.visualViewport;
    const scale = vv?.scale ?? 1;
    const orientation = query('(orientation: landscape)') ? 'landscape' : 'portrait';
    // Visible height on screen, in unzoomed CSS px.
    const visibleHeight = vv ? vv.height * scale : innerHeight;
    tallest[orientation] = Math.max(tallest[orientation], visibleHeight);
    const shorter = tallest[orientation] - visibleHeight;
    const pointer = query('(pointer: coarse)') ? 'coarse' : query('(pointer: fine)') ? 'fine' : 'none';
    const hover = query('(hover: hover)');
    return {
      phone: pointer === 'coarse' && !hover,
      width: innerWidth,
      height: innerHeight,
      orientation,
      visual: { x: round(vv?.offsetLeft ?? 0), y: round(vv?.offsetTop ?? 0), width: round(vv?.width ?? innerWidth), height: round(vv?.height ?? innerHeight), scale: round(scale, 2) },
      keyboard: typingFocused() && shorter >= MIN_KEYBOARD_PX ? round(shorter) : 0,
      media: { pointer, hover, dark: query('(prefers-color-scheme: dark)'), reducedMotion: query('(prefers-reduced-motion: reduce)') },
    };
  };
  const send = (): void => {
    timer = undefined;
    const state = read();
    const key = JSON.stringify(state);
    if (key === last) return;
    last = key;
    emit(DEVICE_STATE_TAG, state);
  };
  const later = (): void => {
    timer ??= setTimeout(send, UPDATE_MS);
  };

  const medias = ['(pointer: coarse)', '(hover: hover)', '(prefers-color-scheme: dark)', '(prefers-reduced-motion: reduce)', '(orientation: landscape)'].map((m) => matchMedia(m));
  /** Every event after which the state may have changed. */
  const sources: Array<[EventTarget | null | undefined, string]> = [
    [window.visualViewport, 'resize'],
    [window.visualViewport, 'scroll'],
    [window, 'resize'],
    [window, 'focusin'],
    [window, 'focusout'],
    ...medias.map((media): [EventTarget, string] => [media, 'change']),
  ];
  for (const [target, type] of sources) target?.addEventListener(type, later);
  send();
  const stop = (): void => {
    clearTimeout(timer);
    for (const [target, type] of sources) target?.removeEventListener(type, later);
  };
  return {
    resend() {
      last = '';
      send();
    },
    stop,
  };
}
