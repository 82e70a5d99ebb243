/**
 * Tiny typed readers for untrusted JSON. Each returns the value or throws a ProtocolError,
 * so a validator reads like the type it checks.
 */

/** Raised when an untrusted message does not match the protocol. */
export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

/** A parsed JSON object with unknown fields. */
export type UnknownRecord = Record<string, unknown>;

/** Asserts a plain JSON object (not an array, not null). */
export function readRecord(value: unknown, what: string): UnknownRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ProtocolError(`${what} must be an object`);
  return value as UnknownRecord;
}

/** Reads a string field whose length is within bounds and which matches an optional pattern. */
export function readString(obj: UnknownRecord, key: string, max: number, pattern?: RegExp): string {
  const value = obj[key];
  if (typeof value !== 'string') throw new ProtocolError(`${key} must be a string`);
  if (value.length === 0 || value.length > max) throw new ProtocolError(`${key} must be 1..${max} characters`);
  if (pattern && !pattern.test(value)) throw new ProtocolError(`${key} has an invalid format`);
  return value;
}

/** Reads a finite number within [min, max]. */
export function readNumber(obj: UnknownRecord, key: string, min: number, max: number): number {
  const value = obj[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ProtocolError(`${key} must be a finite number`);
  if (value < min || value > max) throw new ProtocolError(`${key} must be within ${min}..${max}`);
  return value;
}

/** Reads an integer within [min, max]. */
export function readInteger(obj: UnknownRecord, key: string, min: number, max: number): number {
  const value = readNumber(obj, key, min, max);
  if (!Number.isInteger(value)) throw new ProtocolError(`${key} must be an integer`);
  return value;
}

/** Reads a boolean field. */
export function readBoolean(obj: UnknownRecord, key: string): boolean {
  const value = obj[key];
  if (typeof value !== 'boolean') throw new ProtocolError(`${key} must be a boolean`);
  return value;
}

/** Reads one of a fixed set of string literals. */
export function readEnum<T extends string>(obj: UnknownRecord, key: string, allowed: readonly T[]): T {
  const value = obj[key];
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ProtocolError(`${key} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** Parses a JSON text frame into an object, with a size cap checked before parsing. */
export function parseJsonObject(text: string, maxChars: number): UnknownRecord {
  if (text.length > maxChars) throw new ProtocolError(`message longer than ${maxChars} characters`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ProtocolError('message is not valid JSON');
  }
  return readRecord(value, 'message');
}
