/**
 * Scrubs personal data out of free text before it is recorded: card numbers that pass Luhn,
 * mainland China mobile numbers, resident ID numbers (18 characters with a valid check
 * digit) and e-mail addresses. Each match becomes asterisks of the same length.
 */

const RESIDENT_ID = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const CARD = /(?<![0-9])\d(?:[ -]?\d){12,18}(?![0-9])/g;
const CN_MOBILE = /(?<![0-9])(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?![0-9])/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** True when the digits pass the Luhn checksum (card numbers). */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** True when an 18-character mainland China resident ID has a valid ISO 7064 MOD 11-2 check digit. */
export function isResidentId(id: string): boolean {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === id[17]!.toUpperCase();
}

const stars = (match: string): string => '*'.repeat(match.length);

/** Returns `text` with every recognised piece of personal data replaced by asterisks. */
export function scrubPii(text: string): string {
  if (!/\d|@/.test(text)) return text;
  return text
    .replace(RESIDENT_ID, (m) => (isResidentId(m) ? stars(m) : m))
    .replace(CARD, (m) => {
      const digits = m.replace(/\D/g, '');
      return digits.length >= 13 && passesLuhn(digits) ? stars(m) : m;
    })
    .replace(CN_MOBILE, stars)
    .replace(EMAIL, stars);
}
