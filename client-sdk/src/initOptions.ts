/** Validates `Lookalong.init(options)` from the shop's code; a bad field is reported and ignored. */
import type { PrivacyOptions } from './recorderChunk';

/** What a shop may pass to `Lookalong.init`. */
export interface InitOptions {
  privacy?: PrivacyOptions;
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

/** Copies the valid privacy settings of `options` into `target`. */
export function applyInitOptions(options: unknown, target: PrivacyOptions): void {
  const privacy = (options as InitOptions | null)?.privacy;
  if (privacy === undefined) return;
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
