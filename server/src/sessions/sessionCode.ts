/** Six-digit session codes the shopper reads out to the agent. */
import { randomInt } from 'node:crypto';

/** Number of attempts before giving up on finding a free code. */
const MAX_ATTEMPTS = 50;

/** Returns a random 6-digit code (leading zeros kept) that `isTaken` does not report as used. */
export function generateSessionCode(isTaken: (code: string) => boolean): string {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
    if (!isTaken(code)) return code;
  }
  throw new Error('no free session code: too many live sessions');
}
