/**
 * One session's recording while it runs: keeps what the relay forwarded (frames as opaque bytes,
 * mark changes, the session's audit events) in memory, and every few seconds seals the items
 * into the next chunk, stores it and hashes it into the audit chain. Writes run one at a time
 * in order; nothing is kept while the recording is paused or after it stopped.
 */
import type { AgentPublic, AnnotationMessage } from '../../../protocol/messages';
import type { RecordedAuditEvent } from '../../../protocol/recording';
import type { AuditEvent, AuditLog } from '../audit/auditLog';
import { logger } from '../ops/logger';
import { encodeChunkItems, keptAuditEvent, keptFrame, keptMark, type KeptItem } from './chunkItems';
import { chunkDigest, sealChunk } from './recordingCipher';
import type { RecordingMeta, RecordingStore } from './recordingStore';

/** A chunk is sealed once this many bytes are waiting (or every FLUSH_EVERY_MS). */
const FLUSH_FROM_BYTES = 512 * 1024;
/** Items never wait longer than this before they are stored. */
export const FLUSH_EVERY_MS = 5000;
/** Times a chunk moves on to the next free index when another node took its index. */
const MAX_INDEX_RETRIES = 3;
/** Sealed bytes waiting for the store past which the recording gives up (a store far too slow). */
const MAX_UNWRITTEN_BYTES = 32 * 1024 * 1024;

/** What a session recording needs from the server. */
export interface RecordingServices {
  store: RecordingStore;
  key: Buffer;
  audit: AuditLog;
  /** Largest recording, in sealed bytes. */
  maxBytes: number;
}

/** The recording of one session, on the node that hosts its room. */
export class SessionRecording {
  private items: KeptItem[] = [];
  private itemBytes = 0;
  private unwrittenBytes = 0;
  private keeping = true;
  /** Finished or suspended here: nothing more is kept by this process. */
  private stopped = false;
  /** Given up for good (too big, store failed); audited once. */
  private truncated = false;
  private writes: Promise<unknown>;
  private readonly timer: NodeJS.Timeout;
  private markClosed: () => void = () => {};
  /** Resolves once the recording finished or was suspended here, and its writes are done. */
  readonly closed = new Promise<void>((resolve) => {
    this.markClosed = resolve;
  });
  /** The stored metadata, once read or created; null before that, or when the recording is gone. */
  private meta: RecordingMeta | null = null;

  /**
   * Keeps items for the recording whose metadata `ready` gives (the store's create, or the
   * reading of a restored recording's metadata); `keeping` false starts it paused.
   */
  constructor(
    readonly id: string,
    private readonly session: { id: string; site: string },
    private readonly services: RecordingServices,
    ready: Promise<RecordingMeta | null>,
    keeping = true,
  ) {
    this.keeping = keeping;
    this.writes = ready.then((meta) => {
      this.meta = meta;
      if (!meta) this.stop('recording missing from the store');
    }, (err: unknown) => this.fail(err));
    this.timer = setInterval(() => this.flush(), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  /** True while items are being kept. */
  get on(): boolean {
    return this.keeping && !this.stopped && !this.truncated;
  }

  /** The shopper's switch as last answered (kept across a restart, whether or not this process still keeps items). */
  get switchedOn(): boolean {
    return this.keeping;
  }

  /** Keeps a frame the relay forwarded, as the opaque bytes it is. */
  frame(bytes: Buffer, at = Date.now()): void {
    if (this.on) this.keep(keptFrame(bytes, at));
  }

  /** Keeps a mark change as the shopper's page got it. */
  mark(message: AnnotationMessage, at = Date.now()): void {
    if (this.on) this.keep(keptMark(message, at));
  }

  /** Keeps one of the session's audit events. */
  auditEvent(event: RecordedAuditEvent, at = Date.now()): void {
    if (this.on) this.keep(keptAuditEvent(event, at));
  }

  /** Notes an agent who watched (listed on the review page). */
  agentWatched(agent: AgentPublic): void {
    this.then((meta) => {
      if (meta.agents.some((known) => known.id === agent.id)) return;
      meta.agents.push(agent);
      return this.services.store.updateMeta(meta);
    });
  }

  /** The shopper switched the recording off (`false`) or on again; a switch-on keeps the `checkpoint` frames first, so playback can start there. */
  setKeeping(keep: boolean, checkpoint: readonly Buffer[] = []): void {
    if (this.stopped || this.truncated || keep === this.keeping) return;
    const type = keep ? 'recording.resumed' : 'recording.paused';
    // The pause is the last item kept before it, the resumption the first after it (timeline markers).
    if (!keep) {
      this.auditEvent({ type, actor: 'shopper' });
      this.flush();
    }
    this.keeping = keep;
    this.record(type, {});
    if (keep) {
      this.auditEvent({ type, actor: 'shopper' });
      for (const frame of checkpoint) this.frame(frame);
    }
  }

  /** Replaces the shopper's one-time deletion token (its hash is stored, never the token). */
  setDeleteTokenHash(hash: string): void {
    this.then((meta) => {
      meta.deleteTokenHash = hash;
      return this.services.store.updateMeta(meta);
    });
  }

  /** Stores what is waiting now. */
  flush(): void {
    if (this.items.length === 0) return;
    const items = this.items;
    this.items = [];
    this.itemBytes = 0;
    const plain = encodeChunkItems(items);
    if (this.unwrittenBytes > MAX_UNWRITTEN_BYTES) {
      this.stop('the recording store is too slow');
      return;
    }
    this.unwrittenBytes += plain.length;
    this.then(async (meta) => {
      this.unwrittenBytes -= plain.length;
      if (this.truncated) return;
      if (meta.bytes + plain.length > this.services.maxBytes) {
        this.stop(`past ${this.services.maxBytes} bytes`);
        return;
      }
      await this.append(meta, plain, items[items.length - 1]!.at);
    });
  }

  /**
   * Seals `plain` as the next chunk and stores it. When another node wrote that index first (a
   * session handed over while the old home still flushed), the stored count is read again and
   * the chunk takes the next free index.
   */
  private async append(meta: RecordingMeta, plain: Buffer, lastAt: number): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      const index = meta.chunks;
      const sealed = sealChunk(this.services.key, this.id, index, plain);
      const after: RecordingMeta = { ...meta, chunks: index + 1, bytes: meta.bytes + sealed.length, lastAt: Math.max(meta.lastAt, lastAt) };
      try {
        await this.services.store.appendChunk(index, sealed, after);
      } catch (err) {
        const stored = attempt < MAX_INDEX_RETRIES ? await this.services.store.get(this.id) : null;
        if (!stored || stored.chunks <= index) throw err;
        Object.assign(meta, { chunks: stored.chunks, bytes: stored.bytes, lastAt: Math.max(meta.lastAt, stored.lastAt) });
        continue;
      }
      Object.assign(meta, after);
      this.record('recording.chunk', { index, sha256: chunkDigest(sealed), bytes: sealed.length });
      return;
    }
  }

  /** Resolves once every write asked for so far is done. */
  idle(): Promise<void> {
    return this.writes.then(() => undefined);
  }

  /** The session ended: stores the rest and closes the recording; resolves once written. */
  finish(endedAt = Date.now()): Promise<void> {
    this.flush();
    this.keeping = false;
    clearInterval(this.timer);
    this.then(async (meta) => {
      meta.endedAt = endedAt;
      await this.services.store.updateMeta(meta);
      this.record('recording.stopped', { chunks: meta.chunks, bytes: meta.bytes });
    });
    this.stopped = true;
    return this.closing();
  }

  /** The room stops here without ending (restart, handover): stores what is waiting; another run picks the recording up. */
  suspend(): Promise<void> {
    this.flush();
    this.stopped = true;
    clearInterval(this.timer);
    return this.closing();
  }

  private closing(): Promise<void> {
    const done = this.idle();
    void done.then(this.markClosed);
    return done;
  }

  private keep(item: KeptItem): void {
    this.items.push(item);
    this.itemBytes += item.body.length;
    if (this.itemBytes >= FLUSH_FROM_BYTES) this.flush();
  }

  /** Runs `step` after every earlier write, with the metadata (skipped once the recording is gone). */
  private then(step: (meta: RecordingMeta) => unknown): void {
    this.writes = this.writes.then(() => (this.meta ? step(this.meta) : undefined)).catch((err: unknown) => this.fail(err));
  }

  /** Nothing more is kept, for good; the reason is audited. */
  private stop(reason: string): void {
    if (this.truncated) return;
    this.truncated = true;
    this.items = [];
    clearInterval(this.timer);
    this.record('recording.truncated', { reason });
  }

  private fail(err: unknown): void {
    logger.error({ recording: this.id, err: err instanceof Error ? err.message : String(err) }, 'recording write failed: the rest of the session is not kept');
    this.stop('the recording store failed');
  }

  private record(type: AuditEvent['type'], detail: NonNullable<AuditEvent['detail']>): void {
    this.services.audit.record({ type, session: this.session.id, site: this.session.site, actor: 'relay', detail: { recording: this.id, ...detail } });
  }
}
