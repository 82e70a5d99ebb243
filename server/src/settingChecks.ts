/** Start-up checks shared by the settings readers: HOST, true/false switches, and misspelt variable names. */
import { isIP } from 'node:net';

const HOSTNAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** HOST: an IP address or a host name; default 127.0.0.1. */
export function readHost(raw: string | undefined, problems: string[]): string {
  if (!raw) return '127.0.0.1';
  if (isIP(raw) === 0 && !HOSTNAME.test(raw)) problems.push(`HOST must be an IP address or a host name, got ${JSON.stringify(raw.slice(0, 80))}`);
  return raw;
}

/** A `true`/`false` setting (unset: false); anything else is one problem line. */
export function readBooleanSetting(name: string, raw: string | undefined, problems: string[]): boolean {
  if (!raw || raw === 'false') return false;
  if (raw === 'true') return true;
  problems.push(`${name} must be true or false, got ${JSON.stringify(raw)}`);
  return false;
}

/** Edit distance of two short strings (for "did you mean"). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * One problem per `LOOKALONG_*` variable that is set but is no setting (a typo would otherwise
 * be silently ignored), with the closest known name when one is near.
 */
export function unknownSettings(env: NodeJS.ProcessEnv, known: readonly string[]): string[] {
  return Object.keys(env)
    .filter((name) => name.startsWith('LOOKALONG_') && !known.includes(name))
    .map((name) => {
      const closest = known.map((k) => [k, distance(name, k)] as const).sort((a, b) => a[1] - b[1])[0];
      const hint = closest && closest[1] <= 3 ? ` (did you mean ${closest[0]}?)` : '';
      return `${name} is not a setting${hint}; npm start -- --help lists them`;
    });
}
