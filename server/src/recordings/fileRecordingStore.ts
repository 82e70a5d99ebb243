/**
 * Recordings on the local disk (the default, under `data/recordings`): `<dir>/<id>/meta.json` and
 * one `<dir>/<id>/<index, 6 digits>.chunk` per sealed chunk. Metadata is replaced through a temp
 * file and a rename, so a crash leaves the old or the new version, never half of one; a chunk file
 * is created with `wx`, so an index is never overwritten. Ids are checked against the UUID pattern
 * before any path is built from them: anything else is simply "not found".
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkChunkIndex, isAfterCursor, isRecordingId, type ListCursor, type RecordingMeta, type RecordingStore, type StoredChunk } from './recordingStore';

/** A recording id as the store accepts it: a lowercase UUID. */
const CHUNK_FILE = /^(\d{6,})\.chunk$/;
const META_FILE = 'meta.json';
/** Meta files read at once by list/expired (keeps file handles well below the usual limit). */
const READ_BATCH = 64;

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** The metadata in `text`, or an error naming the recording when it is not a RecordingMeta. */
function parseMeta(text: string, id: string): RecordingMeta {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || !('id' in value) || value.id !== id) {
    throw new Error(`recording ${id}: ${META_FILE} does not describe this recording`);
  }
  return value as RecordingMeta;
}

/** Stores recordings as files under one directory. */
export class FileRecordingStore implements RecordingStore {
  /** `dir` is created on the first `create`; nothing is touched before. */
  constructor(private readonly dir: string) {}

  async create(meta: RecordingMeta): Promise<void> {
    if (!isRecordingId(meta.id)) throw new Error(`not a recording id: ${JSON.stringify(meta.id)}`);
    await mkdir(this.dir, { recursive: true });
    try {
      await mkdir(this.recordingDir(meta.id));
    } catch (error) {
      if (errorCode(error) === 'EEXIST') throw new Error(`recording ${meta.id} already exists`);
      throw error;
    }
    try {
      if (!(await this.writeMeta(meta))) throw new Error(`recording ${meta.id} was deleted while being created`);
    } catch (error) {
      await rm(this.recordingDir(meta.id), { recursive: true, force: true });
      throw error;
    }
  }

  async appendChunk(index: number, sealed: Buffer, meta: RecordingMeta): Promise<void> {
    if (!isRecordingId(meta.id)) throw new Error(`no recording ${JSON.stringify(meta.id)}`);
    checkChunkIndex(index);
    try {
      await writeFile(join(this.recordingDir(meta.id), chunkName(index)), sealed, { flag: 'wx' });
    } catch (error) {
      if (errorCode(error) === 'EEXIST') throw new Error(`recording ${meta.id} already has chunk ${index}`);
      if (errorCode(error) === 'ENOENT') throw new Error(`no recording ${meta.id} (deleted?)`);
      throw error;
    }
    if (!(await this.writeMeta(meta))) throw new Error(`no recording ${meta.id} (deleted?)`);
  }

  async updateMeta(meta: RecordingMeta): Promise<boolean> {
    if (!isRecordingId(meta.id)) return false;
    return this.writeMeta(meta);
  }

  async get(id: string): Promise<RecordingMeta | null> {
    if (!isRecordingId(id)) return null;
    try {
      return parseMeta(await readFile(join(this.recordingDir(id), META_FILE), 'utf8'), id);
    } catch (error) {
      if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return null;
      throw error;
    }
  }

  async list(sites: readonly string[] | null, limit: number, after: ListCursor | null = null): Promise<RecordingMeta[]> {
    if (limit <= 0) return [];
    const wanted = sites === null ? null : new Set(sites);
    const metas = (await this.readAllMetas()).filter((meta) => (wanted === null || wanted.has(meta.site)) && (after === null || isAfterCursor(meta, after)));
    metas.sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return metas.slice(0, limit);
  }

  async readChunks(id: string): Promise<StoredChunk[]> {
    if (!isRecordingId(id)) return [];
    const dir = this.recordingDir(id);
    const indexes = (await readdirOrEmpty(dir))
      .map((name) => CHUNK_FILE.exec(name))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => Number(match[1]))
      .sort((a, b) => a - b);
    const chunks: StoredChunk[] = [];
    for (const index of indexes) {
      try {
        chunks.push({ index, sealed: await readFile(join(dir, chunkName(index))) });
      } catch (error) {
        // Deleted while being read: what is gone is a gap, like a dropped file.
        if (errorCode(error) !== 'ENOENT') throw error;
      }
    }
    return chunks;
  }

  async delete(id: string): Promise<boolean> {
    if (!isRecordingId(id)) return false;
    // Renamed away first, so the recording is gone at once for every reader and only one delete wins.
    const doomed = join(this.dir, `.deleting-${id}-${randomBytes(4).toString('hex')}`);
    try {
      await rename(this.recordingDir(id), doomed);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return false;
      throw error;
    }
    await rm(doomed, { recursive: true, force: true, maxRetries: 3 });
    return true;
  }

  async expired(now: number, limit: number): Promise<string[]> {
    if (limit <= 0) return [];
    const due = (await this.readAllMetas()).filter((meta) => meta.keepUntil < now);
    due.sort((a, b) => a.keepUntil - b.keepUntil);
    return due.slice(0, limit).map((meta) => meta.id);
  }

  async close(): Promise<void> {
    // Nothing stays open between calls.
  }

  private recordingDir(id: string): string {
    return join(this.dir, id);
  }

  /** Replaces meta.json through a synced temp file; false when the recording's directory is gone. */
  private async writeMeta(meta: RecordingMeta): Promise<boolean> {
    const dir = this.recordingDir(meta.id);
    const temp = join(dir, `${META_FILE}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const handle = await open(temp, 'wx');
      try {
        await handle.writeFile(JSON.stringify(meta));
        await handle.datasync();
      } finally {
        await handle.close();
      }
      await rename(temp, join(dir, META_FILE));
      return true;
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      if (errorCode(error) === 'ENOENT') return false;
      throw error;
    }
  }

  /** Every recording's metadata; ones being created or deleted, or whose meta.json is not valid, are left out. */
  private async readAllMetas(): Promise<RecordingMeta[]> {
    const ids = (await readdirOrEmpty(this.dir)).filter(isRecordingId);
    const metas: RecordingMeta[] = [];
    for (let start = 0; start < ids.length; start += READ_BATCH) {
      const batch = await Promise.all(ids.slice(start, start + READ_BATCH).map((id) => this.get(id).catch(skipInvalidMeta)));
      for (const meta of batch) if (meta) metas.push(meta);
    }
    return metas;
  }
}

/** A meta.json that does not parse hides one recording from list/expired; disk errors still reject. */
function skipInvalidMeta(error: unknown): null {
  if (errorCode(error) !== undefined) throw error;
  return null;
}

function chunkName(index: number): string {
  return `${String(index).padStart(6, '0')}.chunk`;
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return [];
    throw error;
  }
}
