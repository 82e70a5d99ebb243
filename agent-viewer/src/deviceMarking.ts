/** The session's device in words: "Phone · 390×760 · portrait" for a phone or tablet. Pure. */
import type { DeviceState } from '../../protocol/deviceState';
import { fillIn, type ConsoleStrings } from './consoleI18n';

/** The phone marking of the session, or '' for a desktop (nothing to point out). */
export function deviceMarkingText(state: DeviceState, strings: ConsoleStrings): string {
  if (!state.phone) return '';
  const orientation = state.orientation === 'portrait' ? strings.devicePortrait : strings.deviceLandscape;
  return fillIn(strings.devicePhone, { width: Math.round(state.width), height: Math.round(state.height), orientation });
}
