/**
 * The text half of rendering device-dependent CSS as on the shopper's device: each `pointer`,
 * `any-pointer`, `hover`, `any-hover`, `prefers-color-scheme` and `prefers-reduced-motion`
 * feature of a media query becomes a feature that is always true or always false in the replay
 * frame, decided by the shopper's media. Only the primary pointer is known, so the `any-`
 * features are answered like the primary ones. Pure: no DOM.
 */
import type { DeviceMedia } from '../../protocol/deviceState';

/** A media feature every frame matches (no width is negative). Verified in Chromium. */
const ALWAYS_TRUE = '(min-width: 0px)';
/** A media feature no frame matches; valid, so `not` before it is true. Verified in Chromium. */
const ALWAYS_FALSE = '(width < 0px)';

/** One device-dependent feature: its values, the value that is false in a boolean context, the shopper's value. */
interface DeviceFeature {
  values: readonly string[];
  /** `(feature)` alone is true unless the value is this one (null: always true). */
  off: string | null;
  current(media: DeviceMedia): string;
}

const FEATURES: Record<string, DeviceFeature> = {
  pointer: { values: ['none', 'coarse', 'fine'], off: 'none', current: (media) => media.pointer },
  hover: { values: ['none', 'hover'], off: 'none', current: (media) => (media.hover ? 'hover' : 'none') },
  'prefers-color-scheme': { values: ['light', 'dark'], off: null, current: (media) => (media.dark ? 'dark' : 'light') },
  'prefers-reduced-motion': { values: ['no-preference', 'reduce'], off: 'no-preference', current: (media) => (media.reducedMotion ? 'reduce' : 'no-preference') },
};

/** `(feature)` or `(feature: value)` of one of the device-dependent features. */
const FEATURE_TEST = /\(\s*(?:any-)?(pointer|hover|prefers-color-scheme|prefers-reduced-motion)\s*(?::\s*([a-z-]+)\s*)?\)/gi;

/** Whether the shopper's device matches `(name: value)` (`value` undefined: boolean context); null for an unknown value. */
function matchesOnDevice(name: string, value: string | undefined, media: DeviceMedia): boolean | null {
  const feature = FEATURES[name];
  if (!feature) return null;
  const current = feature.current(media);
  if (value === undefined) return current !== feature.off;
  return feature.values.includes(value) ? value === current : null;
}

/** `mediaText` with each device-dependent feature replaced by a constant that answers as the shopper's device would. */
export function emulateDeviceMedia(mediaText: string, media: DeviceMedia): string {
  return mediaText.replace(FEATURE_TEST, (whole, name: string, value: string | undefined) => {
    const matches = matchesOnDevice(name.toLowerCase(), value?.toLowerCase(), media);
    if (matches === null) return whole;
    return matches ? ALWAYS_TRUE : ALWAYS_FALSE;
  });
}
