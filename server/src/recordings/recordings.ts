/**
 * The recordings of this server: which sites keep them, starting and reopening a session's
 * recording, reading one back (decrypted, checked chunk by chunk) for the review page, deleting
 * (by an admin, the shop's backend, the shopper's one-time token, or retention), all audited.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { RecordingBody, RecordingItem, RecordingSummary } from '../../../protocol/recording';
import type { AuditLog } from '../audit/auditLog';
import { decodeChunkItems } from './chunkItems';
import { openChunk } from './recordingCipher';
import type { RecordingSettings } from './recordingSettings';
import type { ListCursor, RecordingMeta, RecordingStore } from './recordingStore';
import { formatListCursor } from './listCursor';
import { SessionRecording, type RecordingServices } from './sessionRecording';

const DAY_MS = 24 * 3600_000;
/** How long a shopper's deletion waits for its just-ended recording to be stored. */
const CLOSING_WAIT_MS = 2000;
/** Most recordings the retention sweeper deletes per run (the next run goes on). */
const SWEEP_BATCH = 500;

/** Raised when a stored recording does not read back whole: a chunk missing or failing its seal. */
export class RecordingDamaged extends Error {
  constructor(readonly recording: string, readonly index: number, why: string) {
    super(`recording ${recording}: chunk ${index} ${why}`);
    this.name = 'RecordingDamaged';
  }
}

/** One page of the list, and the cursor of the next (null on the last page). */
export interface RecordingPage {
  recordings: RecordingSummary[];
  next: string | null;
}

/** A recording checked whole: its description, and its items decrypted one chunk at a time. */
export interface OpenedRecording {
  head: Omit<RecordingBody, 'items'>;
  itemsByChunk(): Generator<RecordingItem[]>;
}

/** Outcome of a shopper's deletion request. */
export type ShopperDeletion = 'deleted' | 'not-found' | 'refused' | 'too-early' | 'too-late';

/** SHA-256 (hex) of a deletion token. */
function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The list row of a recording. */
export function recordingSummary(meta: RecordingMeta): RecordingSummary {
  const { id, session, site, agents, startedAt, lastAt } = meta;
  return { id, session, site, agents, startedAt: new Date(startedAt).toISOString(), durationMs: Math.max(0, lastAt - startedAt) };
}

/** This server's recordings; `store` and `settings.key` are set when at least one site keeps recordings. */
export class Recordings {
  private sweeper: NodeJS.Timeout | null = null;
  /** Recordings this process started or reopened, until the process closes (their writes are awaited then). */
  private readonly running = new Set<SessionRecording>();

  constructor(
    readonly settings: RecordingSettings,
    private readonly store: RecordingStore | null,
    private readonly audit: AuditLog,
  ) {}

  /** Days `site` keeps recordings, or null when it keeps none. */
  daysFor(site: string): number | null {
    return this.store && this.settings.key ? (this.settings.daysBySite[site] ?? null) : null;
  }

  /** Starts recording a session whose shopper switched it on (the caller checked daysFor). */
  start(session: { id: string; site: string }, now = Date.now()): SessionRecording {
    const days = this.daysFor(session.site) ?? 0;
    const meta: RecordingMeta = {
      id: randomUUID(),
      session: session.id,
      site: session.site,
      agents: [],
      startedAt: now,
      lastAt: now,
      endedAt: null,
      chunks: 0,
      bytes: 0,
      keepUntil: now + days * DAY_MS,
      deleteTokenHash: null,
    };
    this.audit.record({ type: 'recording.started', session: session.id, site: session.site, actor: 'shopper', detail: { recording: meta.id, days } });
    return this.track(new SessionRecording(meta.id, session, this.services(), this.store!.create(meta).then(() => meta)));
  }

  /** Picks up a session's recording after a restart or a handover from another node. */
  reopen(id: string, session: { id: string; site: string }, keeping: boolean): SessionRecording {
    return this.track(new SessionRecording(id, session, this.services(), this.store!.get(id), keeping));
  }

  /** A fresh one-time deletion token for the shopper's tab, and the hash to store. */
  newDeleteToken(): { token: string; hash: string } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: tokenHash(token) };
  }

  /** A page of the recordings of `sites` (null: all), newest first, and where the next page starts (null on the last). */
  async list(sites: readonly string[] | null, limit: number, after: ListCursor | null = null): Promise<RecordingPage> {
    if (!this.store) return { recordings: [], next: null };
    // One more than asked tells whether there is a next page.
    const metas = await this.store.list(sites, limit + 1, after);
    const page = metas.slice(0, limit);
    const last = page[page.length - 1];
    return { recordings: page.map(recordingSummary), next: metas.length > limit && last ? formatListCursor(last) : null };
  }

  /** A recording's metadata, or null. */
  meta(id: string): Promise<RecordingMeta | null> {
    return this.store ? this.store.get(id) : Promise.resolve(null);
  }

  /**
   * A recording checked whole — every chunk present and passing its seal — ready to be read
   * chunk by chunk, so a large one is never held decrypted in memory at once; null when there is
   * none. Throws RecordingDamaged naming the first missing or failing chunk.
   */
  async open(id: string): Promise<OpenedRecording | null> {
    const meta = await this.meta(id);
    const key = this.settings.key;
    if (!meta || !key) return null;
    const chunks = await this.store!.readChunks(id);
    const plainOf = (index: number): Buffer => {
      const chunk = chunks[index];
      if (!chunk || chunk.index !== index) throw new RecordingDamaged(id, index, 'is missing');
      try {
        return openChunk(key, id, index, chunk.sealed);
      } catch {
        throw new RecordingDamaged(id, index, 'fails its integrity check');
      }
    };
    for (let index = 0; index < meta.chunks; index += 1) plainOf(index);
    return {
      head: { ...recordingSummary(meta), endedAt: meta.endedAt === null ? null : new Date(meta.endedAt).toISOString() },
      *itemsByChunk() {
        for (let index = 0; index < meta.chunks; index += 1) yield decodeChunkItems(plainOf(index));
      },
    };
  }

  /** Deletes a recording and audits who did; false when there was none. */
  async delete(meta: RecordingMeta, actor: string, type: 'recording.deleted' | 'recording.expired' = 'recording.deleted'): Promise<boolean> {
    if (!this.store || !(await this.store.delete(meta.id))) return false;
    this.audit.record({ type, session: meta.session, site: meta.site, actor, detail: { recording: meta.id } });
    return true;
  }

  /** The shopper's tab deletes its recording with its one-time token, within the window after the session ended. */
  async deleteByShopper(id: string, token: string, now = Date.now()): Promise<ShopperDeletion> {
    let meta = await this.meta(id);
    if (!meta) return 'not-found';
    const presented = Buffer.from(tokenHash(token), 'hex');
    const expected = Buffer.from(meta.deleteTokenHash ?? '', 'hex');
    if (expected.length !== presented.length || !timingSafeEqual(expected, presented)) return 'refused';
    // Pressed right after Stop: the session's last chunk and its end may still be on their way to the store.
    if (meta.endedAt === null) {
      await this.untilClosedHere(id, CLOSING_WAIT_MS);
      meta = (await this.meta(id)) ?? meta;
    }
    if (meta.endedAt === null) return 'too-early';
    if (now > meta.endedAt + this.settings.shopperDeleteWindowMs) return 'too-late';
    return (await this.delete(meta, 'shopper')) ? 'deleted' : 'not-found';
  }

  /** Deletes recordings past their site's days; returns how many. */
  async sweep(now = Date.now()): Promise<number> {
    if (!this.store) return 0;
    let deleted = 0;
    for (const id of await this.store.expired(now, SWEEP_BATCH)) {
      const meta = await this.store.get(id);
      if (meta && (await this.delete(meta, 'retention', 'recording.expired'))) deleted += 1;
    }
    return deleted;
  }

  /** Runs the sweeper every `settings.sweepEveryMs` (and once now). */
  startSweeper(onError: (err: unknown) => void): void {
    if (!this.store || this.sweeper) return;
    const run = (): void => void this.sweep().catch(onError);
    run();
    this.sweeper = setInterval(run, this.settings.sweepEveryMs);
    this.sweeper.unref();
  }

  /** Stops the sweeper, waits for the recordings' writes and closes the store. */
  async close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    await Promise.all([...this.running].map((recording) => recording.idle()));
    await this.store?.close();
  }

  /** Waits, at most `ms`, for recording `id` to close when it runs in this process (its last chunk and end stored). */
  private async untilClosedHere(id: string, ms: number): Promise<void> {
    const recording = [...this.running].find((candidate) => candidate.id === id);
    if (!recording) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([recording.closed, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  private track(recording: SessionRecording): SessionRecording {
    this.running.add(recording);
    void recording.closed.then(() => this.running.delete(recording));
    return recording;
  }

  private services(): RecordingServices {
    return { store: this.store!, key: this.settings.key!, audit: this.audit, maxBytes: this.settings.maxBytes };
  }
}
