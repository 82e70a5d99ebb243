/**
 * How agent JWTs are verified (RFC 8725): one pinned algorithm and its key, the audience, an
 * optional issuer, a maximum token age and a small clock tolerance. Read once at start-up.
 */
import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readBooleanSetting } from '../settingChecks';

/** The algorithms a deployment may pin: HS256 (shared secret) or RS256/ES256 (public key). */
export type AgentTokenAlgorithm = 'HS256' | 'RS256' | 'ES256';

/** Everything verifyAgentToken checks besides the claims themselves. */
export interface AgentTokenPolicy {
  /** The only algorithm accepted; a token naming any other is refused. */
  algorithm: AgentTokenAlgorithm;
  /** HS256: the shared secret; RS256/ES256: the identity provider's public key. */
  key: KeyObject;
  /** When set, the `iss` claim must equal it. */
  issuer?: string;
  /** Oldest accepted token by its `iat`, whatever its `exp` says. */
  maxAgeSeconds: number;
  /** Leeway for `exp`, `nbf` and the age, for clocks that drift apart. */
  clockToleranceSeconds: number;
  /** When true, a token without a `sites` claim is refused (else it covers every site). */
  requireSitesClaim: boolean;
}

/** Shortest HS256 secret accepted, in bytes (RFC 7518 §3.2: at least the hash size). */
const MIN_SECRET_BYTES = 32;
/** Smallest RSA modulus accepted for RS256. */
const MIN_RSA_BITS = 2048;
/** Leeway for clock drift between the token issuer and this server. */
const CLOCK_TOLERANCE_SECONDS = 30;
/** Default of LOOKALONG_JWT_MAX_AGE. */
const DEFAULT_MAX_AGE_SECONDS = 12 * 3600;

const SECONDS_PER_UNIT: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 };
const MAX_AGE_LIMIT_SECONDS = 30 * 86_400;

/** An HS256 policy for a secret (tests, tools); `overrides` change the other settings. */
export function hs256Policy(secret: string, overrides: Partial<Omit<AgentTokenPolicy, 'algorithm' | 'key'>> = {}): AgentTokenPolicy {
  return {
    algorithm: 'HS256',
    key: createSecretKey(Buffer.from(secret, 'utf8')),
    maxAgeSeconds: DEFAULT_MAX_AGE_SECONDS,
    clockToleranceSeconds: CLOCK_TOLERANCE_SECONDS,
    requireSitesClaim: false,
    ...overrides,
  };
}

/** Reads the JWT settings; pushes one line per mistake onto `problems` and returns null then. */
export function readAgentTokenPolicy(env: NodeJS.ProcessEnv, problems: string[]): AgentTokenPolicy | null {
  const before = problems.length;
  const secret = env['LOOKALONG_JWT_SECRET'] || undefined;
  const publicKey = env['LOOKALONG_JWT_PUBLIC_KEY'] || undefined;
  const issuer = readIssuer(env['LOOKALONG_JWT_ISSUER'], problems);
  const maxAgeSeconds = readMaxAge(env['LOOKALONG_JWT_MAX_AGE'], problems);
  const requireSitesClaim = readBooleanSetting('LOOKALONG_REQUIRE_SITES_CLAIM', env['LOOKALONG_REQUIRE_SITES_CLAIM'], problems);
  let pinned: Pick<AgentTokenPolicy, 'algorithm' | 'key'> | null = null;
  if (secret && publicKey) {
    problems.push('set LOOKALONG_JWT_SECRET (HS256) or LOOKALONG_JWT_PUBLIC_KEY (RS256/ES256), not both');
  } else if (publicKey) {
    pinned = readPublicKey(publicKey, problems);
  } else if (secret) {
    const bytes = Buffer.byteLength(secret, 'utf8');
    if (bytes < MIN_SECRET_BYTES) problems.push(`LOOKALONG_JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes, got ${bytes}`);
    else pinned = { algorithm: 'HS256', key: createSecretKey(Buffer.from(secret, 'utf8')) };
  } else {
    problems.push('LOOKALONG_JWT_SECRET is required (outside production, npm start generates a dev secret), or set LOOKALONG_JWT_PUBLIC_KEY');
  }
  if (!pinned || problems.length > before) return null;
  const policy: AgentTokenPolicy = { ...pinned, maxAgeSeconds, clockToleranceSeconds: CLOCK_TOLERANCE_SECONDS, requireSitesClaim };
  if (issuer) policy.issuer = issuer;
  return policy;
}

/** PEM text (literal `\n` allowed, for one-line env files) or the path of a PEM file. */
function readPublicKey(raw: string, problems: string[]): Pick<AgentTokenPolicy, 'algorithm' | 'key'> | null {
  let pem: string;
  if (raw.trimStart().startsWith('-----BEGIN')) {
    pem = raw.replace(/\\n/g, '\n');
  } else {
    try {
      pem = readFileSync(raw, 'utf8');
    } catch {
      problems.push(`LOOKALONG_JWT_PUBLIC_KEY must be PEM text or the path of a readable PEM file, got "${raw.slice(0, 80)}"`);
      return null;
    }
  }
  if (/PRIVATE KEY/.test(pem)) {
    problems.push('LOOKALONG_JWT_PUBLIC_KEY holds a private key: give the server the public key only');
    return null;
  }
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    problems.push('LOOKALONG_JWT_PUBLIC_KEY is not a readable PEM public key');
    return null;
  }
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa' && (details.modulusLength ?? 0) >= MIN_RSA_BITS) return { algorithm: 'RS256', key };
  if (key.asymmetricKeyType === 'ec' && details.namedCurve === 'prime256v1') return { algorithm: 'ES256', key };
  problems.push(`LOOKALONG_JWT_PUBLIC_KEY must be an RSA key of at least ${MIN_RSA_BITS} bits (RS256) or a P-256 EC key (ES256), got ${key.asymmetricKeyType ?? 'unknown'}${details.modulusLength ? ` ${details.modulusLength} bits` : ''}${details.namedCurve ? ` ${details.namedCurve}` : ''}`);
  return null;
}

function readIssuer(raw: string | undefined, problems: string[]): string | undefined {
  if (!raw) return undefined;
  if (raw.length > 256 || !/^[\x21-\x7e]+$/.test(raw)) {
    problems.push('LOOKALONG_JWT_ISSUER must be 1-256 printable characters without spaces');
    return undefined;
  }
  return raw;
}

/** `43200`, `720m`, `12h` or `1d`: seconds, minutes, hours or days, from one minute to 30 days. */
function readMaxAge(raw: string | undefined, problems: string[]): number {
  if (!raw) return DEFAULT_MAX_AGE_SECONDS;
  const match = /^(\d{1,9})([smhd]?)$/.exec(raw);
  const seconds = match ? Number(match[1]) * SECONDS_PER_UNIT[match[2]!]! : NaN;
  if (!(seconds >= 60 && seconds <= MAX_AGE_LIMIT_SECONDS)) {
    problems.push(`LOOKALONG_JWT_MAX_AGE must be a duration like 12h, 90m or 3600 (seconds) between 1 minute and 30 days, got ${JSON.stringify(raw)}`);
    return DEFAULT_MAX_AGE_SECONDS;
  }
  return seconds;
}
