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
  | 'consent.extended'
  | 'consent.revoked'
  | 'consent.expired'
  | 'viewer.joined'
  | 'viewer.left'
  | 'annotation.sent'
  | 'annotation.removed'
  | 'annotations.cleared'
  | 'annotations.dismissed'
  | 'session.ended'
  | 'recording.started'
  | 'recording.chunk'
  | 'recording.paused'
  | 'recording.resumed'
  | 'recording.stopped'
  | 'recording.truncated'
  | 'recording.viewed'
  | 'recording.deleted'
  | 'recording.expired';

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

/** Why a chain check failed at a line. */
export type AuditBreakReason = 'unparsable JSON' | 'prev hash mismatch' | 'content hash mismatch';

/** The first broken link of a chain: 1-based line (counting non-empty lines) and why. */
export interface AuditBreak {
  line: number;
  reason: AuditBreakReason;
}

/** Checks a chain one line at a time (for streamed files); blank lines are ignored. */
export class AuditChainVerifier {
  private prev = AUDIT_GENESIS;
  private lines = 0;
  private firstBreak: AuditBreak | null = null;

  /** Checks the next line; returns its entry when it is a JSON object, else null. */
  push(line: string): AuditEntry | null {
    if (line.length === 0) return null;
    this.lines += 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      this.fail('unparsable JSON');
      return null;
    }
    const entry = parsed as AuditEntry;
    if (entry.prev !== this.prev) this.fail('prev hash mismatch');
    else if (hashAuditEntry(entry) !== entry.hash) this.fail('content hash mismatch');
    this.prev = entry.hash;
    return entry;
  }

  /** Number of non-empty lines seen so far. */
  get count(): number {
    return this.lines;
  }

  /** The first broken link seen so far, or null while the chain holds. */
  get broken(): AuditBreak | null {
    return this.firstBreak;
  }

  private fail(reason: AuditBreakReason): void {
    if (!this.firstBreak) this.firstBreak = { line: this.lines, reason };
  }
}

/** Checks a whole log text; returns the first broken link with its reason, or null when intact. */
export function findAuditBreak(text: string): AuditBreak | null {
  const verifier = new AuditChainVerifier();
  for (const line of text.split('\n')) {
    verifier.push(line);
    if (verifier.broken) return verifier.broken;
  }
  return null;
}

/** Checks a whole log text; returns the 1-based line of the first broken link, or 0 when intact. */
export function findBrokenAuditLine(text: string): number {
  return findAuditBreak(text)?.line ?? 0;
}

/** Appends hash-chained entries to a local file, continuing the chain of an existing file. */
export class AuditLog {
  private lastHash = AUDIT_GENESIS;
  private readonly listeners: Array<(entry: AuditEntry) => void> = [];

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
    for (const listener of this.listeners) listener(entry);
    return entry;
  }

  /** Calls `listener` with every entry once it is written (webhooks, metrics); listeners must not throw. */
  onRecord(listener: (entry: AuditEntry) => void): void {
    this.listeners.push(listener);
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
