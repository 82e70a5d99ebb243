/**
 * What the agent needs to see the shopper's screen as it is: the viewport, the pinch-zoomed
 * area, the on-screen keyboard, the orientation and the device-dependent media features
 * (`pointer`, `hover`, `prefers-color-scheme`, `prefers-reduced-motion`). Sent by the SDK as an
 * rrweb custom event inside the opaque payload, once when recording starts and again on every
 * change; the console validates before using it.
 */

/** rrweb custom-event tag of a device-state update. */
export const DEVICE_STATE_TAG = 'lookalong/device';

/** The visual viewport (what is on screen after pinch zoom), in the layout viewport's CSS px. */
export interface VisualArea {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Pinch-zoom scale (1 = not zoomed). */
  scale: number;
}

/** Media features the replay must evaluate as on the shopper's device. */
export interface DeviceMedia {
  pointer: 'coarse' | 'fine' | 'none';
  hover: boolean;
  dark: boolean;
  reducedMotion: boolean;
}

/** One device-state update. */
export interface DeviceState {
  /** A phone or tablet: touch-first (coarse pointer, no hover). */
  phone: boolean;
  /** Layout viewport, CSS px. */
  width: number;
  height: number;
  orientation: 'portrait' | 'landscape';
  visual: VisualArea;
  /**
   * Height of the on-screen keyboard, CSS px (0: none). It covers the bottom of the layout
   * viewport when the browser only shrinks the visual viewport; when the browser resizes the
   * whole page for it (older Android, some in-app browsers) it sits just below that viewport.
   */
  keyboard: number;
  media: DeviceMedia;
}

/** Largest accepted length, CSS px. */
const MAX_PX = 100_000;
/** Largest accepted pinch-zoom scale (browsers stop at 5–10). */
const MAX_SCALE = 20;

const isLength = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= MAX_PX;
const isOffset = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && Math.abs(n) <= MAX_PX;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The visual area, or null when invalid. */
function readVisual(value: unknown): VisualArea | null {
  if (!isRecord(value)) return null;
  const { x, y, width, height, scale } = value;
  if (!isOffset(x) || !isOffset(y) || !isLength(width) || !isLength(height)) return null;
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0 || scale > MAX_SCALE) return null;
  return { x, y, width, height, scale };
}

/** The media features, or null when invalid. */
function readMedia(value: unknown): DeviceMedia | null {
  if (!isRecord(value)) return null;
  const { pointer, hover, dark, reducedMotion } = value;
  if (pointer !== 'coarse' && pointer !== 'fine' && pointer !== 'none') return null;
  if (typeof hover !== 'boolean' || typeof dark !== 'boolean' || typeof reducedMotion !== 'boolean') return null;
  return { pointer, hover, dark, reducedMotion };
}

/** The payload as a DeviceState, or null when it is not a valid update. */
export function readDeviceState(payload: unknown): DeviceState | null {
  if (!isRecord(payload)) return null;
  const { phone, width, height, orientation, keyboard } = payload;
  if (typeof phone !== 'boolean' || !isLength(width) || !isLength(height) || !isLength(keyboard)) return null;
  if (orientation !== 'portrait' && orientation !== 'landscape') return null;
  const visual = readVisual(payload.visual);
  const media = readMedia(payload.media);
  if (!visual || !media) return null;
  return { phone, width, height, orientation, visual, keyboard, media };
}
