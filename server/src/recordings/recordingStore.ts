/**
 * Where recordings are kept: one interface, two implementations (fileRecordingStore.ts, the
 * default under `data/recordings`; postgresRecordingStore.ts for several nodes). A store only
 * ever sees sealed chunks (AES-256-GCM, recordingCipher.ts) and the metadata below.
 */
import type { AgentPublic } from '../../../protocol/messages';

/** What a store keeps about one recording besides its chunks. */
export interface RecordingMeta {
  /** Random UUID; also the name the review API uses. */
  id: string;
  /** The help session's id. */
  session: string;
  site: string;
  /** Agents who watched while it ran, in order of joining. */
  agents: AgentPublic[];
  /** When the first item was kept (ms since the epoch). */
  startedAt: number;
  /** When the last item was kept. */
  lastAt: number;
  /** When the session ended, or null while it goes on. */
  endedAt: number | null;
  /** Chunks stored so far (their indexes are 0..chunks-1). */
  chunks: number;
  /** Sealed bytes stored so far. */
  bytes: number;
  /** The retention sweeper deletes the recording after this (ms since the epoch). */
  keepUntil: number;
  /** SHA-256 (hex) of the shopper's one-time deletion token, or null once used or never issued. */
  deleteTokenHash: string | null;
}

/** One stored chunk. */
export interface StoredChunk {
  index: number;
  sealed: Buffer;
}

/** Where a page of the list goes on: after this recording, in list order (newest first, ties by id). */
export interface ListCursor {
  startedAt: number;
  id: string;
}

/** True when `meta` comes after `cursor` in list order. */
export function isAfterCursor(meta: Pick<RecordingMeta, 'startedAt' | 'id'>, cursor: ListCursor): boolean {
  return meta.startedAt < cursor.startedAt || (meta.startedAt === cursor.startedAt && meta.id > cursor.id);
}

/** The storage behind recordings; every method may reject (disk, database). */
export interface RecordingStore {
  /** Stores a new recording's metadata (no chunks yet). */
  create(meta: RecordingMeta): Promise<void>;
  /** Stores sealed chunk `meta.chunks - 1` (`index`) together with the metadata as it is after it. */
  appendChunk(index: number, sealed: Buffer, meta: RecordingMeta): Promise<void>;
  /** Replaces a recording's metadata (agents, end, deletion token); false when it does not exist (deleted). */
  updateMeta(meta: RecordingMeta): Promise<boolean>;
  /** One recording's metadata, or null. */
  get(id: string): Promise<RecordingMeta | null>;
  /** Recordings of the given sites (null: every site), newest first (ties by id), at most `limit`, those after `after` in that order when given. */
  list(sites: readonly string[] | null, limit: number, after?: ListCursor | null): Promise<RecordingMeta[]>;
  /** A recording's stored chunks in index order (empty when it does not exist). */
  readChunks(id: string): Promise<StoredChunk[]>;
  /** Deletes a recording and its chunks; false when there was none. */
  delete(id: string): Promise<boolean>;
  /** Ids of recordings whose `keepUntil` is before `now`, at most `limit`. */
  expired(now: number, limit: number): Promise<string[]>;
  /** Releases files or connections. */
  close(): Promise<void>;
}

const RECORDING_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True for a recording id as minted (a lower-case UUID); anything else names no recording. */
export function isRecordingId(id: unknown): id is string {
  return typeof id === 'string' && RECORDING_ID.test(id);
}

/** Throws unless `index` can name a chunk (a non-negative safe integer). */
export function checkChunkIndex(index: number): void {
  if (!Number.isSafeInteger(index) || index < 0) throw new Error(`chunk index must be a non-negative integer, not ${index}`);
}
