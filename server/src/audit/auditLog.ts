/**
 * Tamper-evident audit log: one JSON line per entry, each carrying the SHA-256 of the
 * previous entry's hash and its own content, so editing or removing a line breaks the chain.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** What happened, in words a supervisor can filter on. */
export type AuditEventType =
  | 'session.created'
  | 'consent.requested'
  | 'consent.granted'
  | 'consent.denied'
  | 'viewer.rejoined'
  | 'viewer.left'
  | 'annotation.sent'
  | 'session.ended';

/** The caller's part of an entry. */
export interface AuditEvent {
  type: AuditEventType;
  session: string;
  site: string;
  /** `shopper`, or the agent's token subject. */
  actor: string;
  detail?: Record<string, string | number | boolean>;
}

/** A stored entry. */
export interface AuditEntry extends AuditEvent {
  ts: string;
  prev: string;
  hash: string;
}

/** Hash of the chain's virtual first predecessor. */
export const AUDIT_GENESIS = '0'.repeat(64);

/** Computes an entry's hash from its predecessor hash and its content. */
export function hashAuditEntry(entry: Omit<AuditEntry, 'hash'>): string {
  const { ts, prev, type, session, site, actor, detail } = entry;
  return createHash('sha256').update(JSON.stringify([prev, ts, type, session, site, actor, detail ?? null])).digest('hex');
}

/** Checks a whole log text; returns the 1-based line of the first broken link, or 0 when intact. */
export function findBrokenAuditLine(text: string): number {
  let prev = AUDIT_GENESIS;
  const lines = text.split('\n').filter((line) => line.length > 0);
  for (let i = 0; i < lines.length; i++) {
    let entry: AuditEntry;
    try {
      entry = JSON.parse(lines[i]!) as AuditEntry;
    } catch {
      return i + 1;
    }
    if (entry.prev !== prev || hashAuditEntry(entry) !== entry.hash) return i + 1;
    prev = entry.hash;
  }
  return 0;
}

/** Appends hash-chained entries to a local file, continuing the chain of an existing file. */
export class AuditLog {
  private lastHash = AUDIT_GENESIS;

  constructor(private readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
    if (existsSync(file)) {
      const text = readFileSync(file, 'utf8');
      this.lastHash = lastHashOf(text);
      // A torn last line (crash mid-write) must not swallow the next entry.
      if (text.length > 0 && !text.endsWith('\n')) appendFileSync(file, '\n');
    }
  }

  /** Appends one entry synchronously (nothing is lost if the process dies right after). */
  record(event: AuditEvent): AuditEntry {
    const unsigned = { ts: new Date().toISOString(), prev: this.lastHash, ...event };
    const entry: AuditEntry = { ...unsigned, hash: hashAuditEntry(unsigned) };
    appendFileSync(this.file, JSON.stringify(entry) + '\n');
    this.lastHash = entry.hash;
    return entry;
  }
}

function lastHashOf(text: string): string {
  const lines = text.trimEnd().split('\n');
  const last = lines[lines.length - 1];
  if (!last) return AUDIT_GENESIS;
  try {
    const hash = (JSON.parse(last) as Partial<AuditEntry>).hash;
    return typeof hash === 'string' ? hash : AUDIT_GENESIS;
  } catch {
    return AUDIT_GENESIS;
  }
}
