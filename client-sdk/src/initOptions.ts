/**
 * Validates `Lookalong.init(options)` from the shop's code: a bad privacy field is reported and
 * ignored; `shareTitle` set to anything but `true` turns the page title off.
 */
import type { PrivacyOptions } from './recorderChunk';

/** What a shop may pass to `Lookalong.init`. */
export interface InitOptions {
  privacy?: PrivacyOptions;
  /** `false`: the help request carries no page title into the agents' queue. */
  shareTitle?: boolean;
}

/** The shop's settings as the SDK applies them. */
export interface ShopSettings {
  privacy: PrivacyOptions;
  /** Whether `hello` carries the (scrubbed) page title; see helpTitle.ts. */
  shareTitle: boolean;
}

function validSelector(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  try {
    if (typeof value !== 'string' || !value.trim()) throw new Error();
    document.createDocumentFragment().querySelector(value);
    return value;
  } catch {
    console.error(`[Lookalong] init: privacy.${name} must be a valid CSS selector; ignored`);
    return undefined;
  }
}

/** Copies the valid settings of `options` into `settings`. */
export function applyInitOptions(options: unknown, settings: ShopSettings): void {
  const { privacy, shareTitle } = (options ?? {}) as InitOptions;
  // Privacy-safe on mistakes: anything but `true` (e.g. the string "false") keeps the title back.
  if (shareTitle !== undefined) settings.shareTitle = shareTitle === true;
  if (privacy === undefined) return;
  const target = settings.privacy;
  if (typeof privacy !== 'object' || privacy === null) {
    console.error('[Lookalong] init: privacy must be an object; ignored');
    return;
  }
  const maskTextSelector = validSelector(privacy.maskTextSelector, 'maskTextSelector');
  const blockSelector = validSelector(privacy.blockSelector, 'blockSelector');
  if (maskTextSelector) target.maskTextSelector = maskTextSelector;
  if (blockSelector) target.blockSelector = blockSelector;
  if (privacy.strict !== undefined) {
    if (typeof privacy.strict === 'boolean') target.strict = privacy.strict;
    else console.error('[Lookalong] init: privacy.strict must be true or false; ignored');
  }
}
