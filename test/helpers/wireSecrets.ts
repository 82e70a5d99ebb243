/** Finds typed secrets in captured WebSocket frames (raw, JSON-escaped, or as a number inside a string). */

/** Every string value (and key) inside a JSON value, depth first. */
function* jsonStrings(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const item of value) yield* jsonStrings(item);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      yield key;
      yield* jsonStrings(item);
    }
  }
}

/** The JSON document in a frame: text frames are JSON, binary ones JSON behind a small envelope header. */
function parseFrame(frame: string): unknown {
  const start = frame.search(/[[{]/);
  if (start < 0) return undefined;
  try {
    return JSON.parse(frame.slice(start));
  } catch {
    return undefined;
  }
}

/**
 * True when `digits` stands as a word of its own in `text` (no letter, digit, point or
 * percent sign next to it): "CVV 739" or "739" count; "1739", "7.39", "739px" or base64 do not.
 */
function hasDigitToken(text: string, digits: string): boolean {
  return new RegExp(`(?<![\\w.])${digits}(?![\\w.%])`).test(text);
}

/**
 * Leaks of `secrets` (raw or JSON-escaped anywhere in a frame) and of `digitSecrets` (short
 * numbers such as a CVV: only inside a frame's JSON strings, where page text and attribute
 * values travel, since as bare numbers they would match timestamps and coordinates).
 */
export function findSecretsOnWire(frames: readonly string[], secrets: readonly string[], digitSecrets: readonly string[] = []): string[] {
  const leaks = new Set<string>();
  const wire = frames.join('\n');
  for (const secret of secrets) {
    if (wire.includes(secret) || wire.includes(JSON.stringify(secret).slice(1, -1))) leaks.add(secret);
  }
  if (digitSecrets.length === 0) return [...leaks];
  for (const frame of frames) {
    const parsed = parseFrame(frame);
    const strings = parsed === undefined ? [frame] : jsonStrings(parsed);
    for (const text of strings) {
      for (const digits of digitSecrets) if (hasDigitToken(text, digits)) leaks.add(digits);
    }
  }
  return [...leaks];
}
