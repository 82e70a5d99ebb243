/**
 * Both recording stores against the same contract (test/helpers/recordingStoreContract.ts): the
 * file store in a temp directory, the PostgreSQL store in a throw-away database on a real server.
 * Then what only one of them has: files on disk (layout, a dropped chunk, leftovers, paths outside
 * the directory), and several nodes on one database (concurrent schema creation, shared
 * recordings, a readable error when the server cannot be reached).
 */
import { mkdir, mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileRecordingStore } from '../../server/src/recordings/fileRecordingStore';
import { PostgresRecordingStore } from '../../server/src/recordings/postgresRecordingStore';
import { createTestDatabase, useTestDatabase } from '../helpers/postgresDatabase';
import { afterChunk, describeRecordingStoreContract, recordingMeta } from '../helpers/recordingStoreContract';

let tempRoot = '';
beforeAll(async () => {
  tempRoot = await mkdtemp(join(tmpdir(), 'lookalong-recordings-'));
});
afterAll(async () => {
  if (tempRoot) await rm(tempRoot, { recursive: true, force: true });
});

/** A new, empty directory under the file's temp root. */
async function freshDir(): Promise<string> {
  return mkdtemp(join(tempRoot, 'store-'));
}

describeRecordingStoreContract('FileRecordingStore', async () => new FileRecordingStore(join(await freshDir(), 'recordings')));

const database = useTestDatabase();

/** Empties the test database's recording tables (the store has created them). */
async function emptyTables(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('TRUNCATE lookalong_recordings, lookalong_recording_chunks');
  } finally {
    await client.end();
  }
}

describeRecordingStoreContract('PostgresRecordingStore', async () => {
  const store = await PostgresRecordingStore.open(database.url);
  await emptyTables(database.url);
  return store;
});

describe('FileRecordingStore on disk', () => {
  it('keeps <id>/meta.json and <index, 6 digits>.chunk files, and no temp files', async () => {
    const dir = await freshDir();
    const store = new FileRecordingStore(dir);
    let meta = recordingMeta();
    await store.create(meta);
    for (const index of [0, 1, 12]) {
      const sealed = Buffer.from(`chunk ${index}`);
      meta = afterChunk(meta, sealed);
      await store.appendChunk(index, sealed, meta);
    }
    expect(await readdir(dir)).toEqual([meta.id]);
    expect((await readdir(join(dir, meta.id))).sort()).toEqual(['000000.chunk', '000001.chunk', '000012.chunk', 'meta.json']);
    expect(JSON.parse(await readFile(join(dir, meta.id, 'meta.json'), 'utf8'))).toEqual(meta);
    expect((await readFile(join(dir, meta.id, '000012.chunk'))).toString()).toBe('chunk 12');
  });

  it('shows a dropped chunk file as a gap, and ignores leftovers of a crash', async () => {
    const dir = await freshDir();
    const store = new FileRecordingStore(dir);
    let meta = recordingMeta();
    await store.create(meta);
    for (const index of [0, 1, 2]) {
      const sealed = Buffer.from(`chunk ${index}`);
      meta = afterChunk(meta, sealed);
      await store.appendChunk(index, sealed, meta);
    }
    await unlink(join(dir, meta.id, '000001.chunk'));
    await writeFile(join(dir, meta.id, 'meta.json.0123456789ab.tmp'), '{"half":');
    await writeFile(join(dir, meta.id, 'notes.txt'), 'stray');
    const stored = await store.readChunks(meta.id);
    expect(stored.map((chunk) => chunk.index)).toEqual([0, 2]);
    expect(stored.map((chunk) => chunk.sealed.toString())).toEqual(['chunk 0', 'chunk 2']);
    expect(await store.get(meta.id)).toEqual(meta);
    // A deleted recording's directory goes entirely, leftovers included.
    expect(await store.delete(meta.id)).toBe(true);
    expect(await readdir(dir)).toEqual([]);
  });

  it('never reads or deletes outside its directory, whatever the id', async () => {
    const root = await freshDir();
    const dir = join(root, 'recordings');
    const store = new FileRecordingStore(dir);
    const outside = recordingMeta({ id: 'x' });
    await mkdir(join(root, 'x'), { recursive: true });
    await writeFile(join(root, 'x', 'meta.json'), JSON.stringify(outside));
    await writeFile(join(root, 'x', '000000.chunk'), 'outside');
    expect(await store.get('../x')).toBeNull();
    expect(await store.readChunks('../x')).toEqual([]);
    expect(await store.delete('../x')).toBe(false);
    expect(await store.updateMeta({ ...outside, id: '../x' })).toBe(false);
    expect(await readFile(join(root, 'x', 'meta.json'), 'utf8')).toBe(JSON.stringify(outside));
    expect((await readdir(join(root, 'x'))).sort()).toEqual(['000000.chunk', 'meta.json']);
  });

  it('answers "nothing" before its directory exists, and leaves a broken meta.json out of list and expired', async () => {
    const dir = join(await freshDir(), 'not-yet');
    const store = new FileRecordingStore(dir);
    expect(await store.list(null, 10)).toEqual([]);
    expect(await store.expired(Date.now(), 10)).toEqual([]);
    const good = recordingMeta({ keepUntil: 1 });
    const broken = recordingMeta({ keepUntil: 1 });
    await store.create(good);
    await store.create(broken);
    await writeFile(join(dir, broken.id, 'meta.json'), '{"id":');
    expect((await store.list(null, 10)).map((meta) => meta.id)).toEqual([good.id]);
    expect(await store.expired(10, 10)).toEqual([good.id]);
    await expect(store.get(broken.id)).rejects.toThrow();
  });
});

describe('PostgresRecordingStore on several nodes', () => {
  it('two nodes opening a new database at once both succeed, and see each other\'s recordings', async () => {
    const shared = await createTestDatabase();
    const [a, b] = await Promise.all([PostgresRecordingStore.open(shared.url), PostgresRecordingStore.open(shared.url)]);
    try {
      let meta = recordingMeta();
      await a.create(meta);
      const sealed = Buffer.from('from node a');
      meta = afterChunk(meta, sealed);
      await a.appendChunk(0, sealed, meta);
      expect(await b.get(meta.id)).toEqual(meta);
      expect(await b.list([meta.site], 10)).toEqual([meta]);
      expect((await b.readChunks(meta.id)).map((chunk) => chunk.sealed.toString())).toEqual(['from node a']);
      // The second node cannot store an index the first one has.
      await expect(b.appendChunk(0, Buffer.from('from node b'), meta)).rejects.toThrow(/already has chunk 0/);
      const ended = { ...meta, endedAt: meta.lastAt };
      expect(await b.updateMeta(ended)).toBe(true);
      expect(await a.get(meta.id)).toEqual(ended);
      expect(await b.delete(meta.id)).toBe(true);
      expect(await a.get(meta.id)).toBeNull();
      expect(await a.delete(meta.id)).toBe(false);
    } finally {
      await Promise.all([a.close(), b.close()]);
      await shared.drop();
    }
  });

  it('refuses to open an unreachable server with one line naming host:port and not the password', async () => {
    const error = await PostgresRecordingStore.open('postgres://lookalong:s3cret-pw@127.0.0.1:1/lookalong').then(
      () => null,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(/127\.0\.0\.1:1\b/);
    expect(message).not.toMatch(/\n/);
    expect(message).not.toContain('s3cret-pw');
  });

  it('closing twice is harmless', async () => {
    const store = await PostgresRecordingStore.open(database.url);
    await store.close();
    await store.close();
  });
});
