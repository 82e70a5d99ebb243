/** Settings of consented session recordings: which sites keep them and how long, the key, where they are stored. */
import { MAX_RECORDING_DAYS } from '../../../protocol/messages';
import type { SettingHelp } from '../configHelp';
import { readSiteKeyed } from '../siteKeyedSetting';

/** The validated recording settings. */
export interface RecordingSettings {
  /** Site key → days a recording is kept; a site not named keeps none (and its shoppers are never asked). */
  daysBySite: Record<string, number>;
  /** AES-256-GCM key (32 bytes), or null when no site keeps recordings. */
  key: Buffer | null;
  /** Directory of the local file store (used when no database is configured). */
  dir: string;
  /** PostgreSQL URL of the shared store (several nodes), or null. */
  databaseUrl: string | null;
  /** How long after the session ends the shopper's tab may still delete the recording. */
  shopperDeleteWindowMs: number;
  /** How often the retention sweeper runs. */
  sweepEveryMs: number;
  /** Largest recording kept (sealed bytes); past it nothing more is kept of that session. */
  maxBytes: number;
}

/** `--help` rows of these settings. */
export const RECORDING_SETTINGS_HELP: readonly SettingHelp[] = [
  ['LOOKALONG_RECORDINGS', '(none: nothing is recorded)', 'comma-separated site=days pairs: these sites ask shoppers (a separate, unticked switch in the consent dialog) whether to keep a recording, kept that many days'],
  ['LOOKALONG_RECORDING_KEY', '(dev: random, kept in data/dev-recording-key)', 'AES-256-GCM key of recordings at rest: 32 bytes as 64 hex digits or base64; required when NODE_ENV=production and LOOKALONG_RECORDINGS is set'],
  ['LOOKALONG_RECORDINGS_DIR', 'data/recordings', 'where recordings are kept without a database (one node only)'],
  ['LOOKALONG_DATABASE_URL', '(none)', 'postgres://… URL: recordings are kept in PostgreSQL (required for recordings with several nodes)'],
  ['LOOKALONG_RECORDING_DELETE_WINDOW_MS', '900000', 'how long after the session ends the shopper\'s "Delete the recording" button works'],
  ['LOOKALONG_RECORDING_SWEEP_MS', '3600000', 'how often recordings past their site\'s days are deleted'],
  ['LOOKALONG_RECORDING_MAX_BYTES', '67108864', 'largest recording kept per session (the review API holds one recording\'s sealed chunks in memory while serving it); past it the rest of the session is not kept (audited)'],
];

/** Decodes a 32-byte key from 64 hex digits or base64(url); null when it is not one. */
export function decodeRecordingKey(raw: string): Buffer | null {
  const text = raw.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : /^[A-Za-z0-9+/_-]{43}=?$/.test(text) ? Buffer.from(text, 'base64') : null;
  return bytes?.length === 32 ? bytes : null;
}

/** Reads the recording settings for the configured sites; one line in `problems` per mistake. */
export function readRecordingSettings(
  env: NodeJS.ProcessEnv,
  int: (name: string, fallback: number, min: number, max: number) => number,
  siteKeys: readonly string[],
  clustered: boolean,
  problems: string[],
): RecordingSettings {
  const daysBySite: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const [site, days] of Object.entries(readSiteKeyed('LOOKALONG_RECORDINGS', env['LOOKALONG_RECORDINGS'], siteKeys, problems))) {
    const value = /^\d+$/.test(days) ? Number(days) : NaN;
    if (!Number.isInteger(value) || value < 1 || value > MAX_RECORDING_DAYS) problems.push(`LOOKALONG_RECORDINGS: site "${site}" must keep recordings 1 to ${MAX_RECORDING_DAYS} days, got "${days.slice(0, 20)}"`);
    else daysBySite[site] = value;
  }
  const on = Object.keys(daysBySite).length > 0;
  const rawKey = env['LOOKALONG_RECORDING_KEY'];
  let key: Buffer | null = null;
  if (rawKey) {
    key = decodeRecordingKey(rawKey);
    if (!key) problems.push('LOOKALONG_RECORDING_KEY must be 32 bytes: 64 hex digits or 44 base64 characters');
  } else if (on) {
    problems.push('LOOKALONG_RECORDING_KEY is required when LOOKALONG_RECORDINGS is set (outside production a dev key is generated in data/dev-recording-key)');
  }
  const databaseUrl = env['LOOKALONG_DATABASE_URL'] || null;
  if (databaseUrl && !/^postgres(ql)?:\/\/\S+$/.test(databaseUrl)) problems.push('LOOKALONG_DATABASE_URL must look like postgres://user@host:5432/database');
  if (on && clustered && !databaseUrl) problems.push('LOOKALONG_RECORDINGS with several nodes (LOOKALONG_REDIS_URL) needs LOOKALONG_DATABASE_URL: local recording files would be split across the nodes');
  return {
    daysBySite,
    key: on ? key : null,
    dir: env['LOOKALONG_RECORDINGS_DIR'] || 'data/recordings',
    databaseUrl,
    shopperDeleteWindowMs: int('LOOKALONG_RECORDING_DELETE_WINDOW_MS', 15 * 60_000, 1000, 7 * 24 * 3600_000),
    sweepEveryMs: int('LOOKALONG_RECORDING_SWEEP_MS', 3600_000, 100, 7 * 24 * 3600_000),
    maxBytes: int('LOOKALONG_RECORDING_MAX_BYTES', 64 * 1024 * 1024, 64 * 1024, 1024 * 1024 * 1024),
  };
}
