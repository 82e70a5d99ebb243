/** Retry delays of webhook deliveries: exponential, capped, with "equal jitter". */

/** Longest wait between two attempts. */
export const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * Delay before attempt `attempt + 1` after `attempt` failures (1-based): `baseMs·2^(attempt−1)`,
 * capped at MAX_BACKOFF_MS, of which the upper half is random (`random` in [0, 1)) so many
 * receivers' retries do not line up.
 */
export function backoffDelayMs(attempt: number, baseMs: number, random: number): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}
