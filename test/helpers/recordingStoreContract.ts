/**
 * What every RecordingStore must do (server/src/recordings/recordingStore.ts), as vitest blocks
 * any implementation's test file can register: metadata, chunks in order with gaps, duplicate
 * indexes refused, deletion, retention, ids that cannot be recording ids, concurrency, big chunks.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordingMeta, RecordingStore } from '../../server/src/recordings/recordingStore';

/** Metadata of a new recording (no chunks yet), with `overrides`. */
export function recordingMeta(overrides: Partial<RecordingMeta> = {}): RecordingMeta {
  return {
    id: randomUUID(),
    session: randomUUID(),
    site: 'shop.example',
    agents: [{ id: 'agent-1', name: 'Ada', org: 'Support' }, { id: 'agent-2', name: 'Bo' }],
    startedAt: 1_700_000_000_000,
    lastAt: 1_700_000_000_000,
    endedAt: null,
    chunks: 0,
    bytes: 0,
    keepUntil: 1_700_000_000_000 + 30 * 86_400_000,
    deleteTokenHash: 'ab'.repeat(32),
    ...overrides,
  };
}

/** `meta` as it is after appending `sealed`. */
export function afterChunk(meta: RecordingMeta, sealed: Buffer, at = meta.lastAt + 1000): RecordingMeta {
  return { ...meta, chunks: meta.chunks + 1, bytes: meta.bytes + sealed.length, lastAt: at };
}

/** Strings that are not recording ids: traversal, not UUIDs, uppercase. */
export const BAD_IDS = ['../x', '../../etc/passwd', '..', '.', '', 'not-a-uuid', '00000000-0000-0000-0000-00000000000g', randomUUID().toUpperCase(), `${randomUUID()}/..`];

/** Registers the contract for a store; `openEmptyStore` gives a store holding no recordings (closed after each test). */
export function describeRecordingStoreContract(name: string, openEmptyStore: () => Promise<RecordingStore>): void {
  describe(`${name}: RecordingStore contract`, () => {
    let store: RecordingStore;
    beforeEach(async () => {
      store = await openEmptyStore();
    });
    afterEach(async () => {
      await store?.close();
    });

    /** Creates a recording and appends `count` chunks (index i holds `i` repeated). */
    const recorded = async (count: number, overrides: Partial<RecordingMeta> = {}): Promise<{ meta: RecordingMeta; chunks: Buffer[] }> => {
      let meta = recordingMeta(overrides);
      await store.create(meta);
      const chunks: Buffer[] = [];
      for (let index = 0; index < count; index++) {
        const sealed = Buffer.alloc(10 + index, index);
        meta = afterChunk(meta, sealed);
        await store.appendChunk(index, sealed, meta);
        chunks.push(sealed);
      }
      return { meta, chunks };
    };

    it('creates a recording and gets it back; an unknown id is null; the same id twice is refused', async () => {
      const meta = recordingMeta();
      await store.create(meta);
      expect(await store.get(meta.id)).toEqual(meta);
      expect(await store.get(randomUUID())).toBeNull();
      expect(await store.readChunks(meta.id)).toEqual([]);
      await expect(store.create({ ...meta, site: 'other.example' })).rejects.toThrow(/already exists/);
      expect(await store.get(meta.id)).toEqual(meta);
    });

    it('lists newest first, by site (null: every site), at most `limit`', async () => {
      const old = recordingMeta({ site: 'a.example', startedAt: 1000 });
      const middle = recordingMeta({ site: 'b.example', startedAt: 2000 });
      const newest = recordingMeta({ site: 'a.example', startedAt: 3000 });
      for (const meta of [middle, old, newest]) await store.create(meta);
      const ids = (metas: RecordingMeta[]): string[] => metas.map((meta) => meta.id);
      expect(ids(await store.list(null, 10))).toEqual([newest.id, middle.id, old.id]);
      expect(await store.list(null, 10)).toEqual([newest, middle, old]);
      expect(ids(await store.list(['a.example'], 10))).toEqual([newest.id, old.id]);
      expect(ids(await store.list(['b.example', 'a.example'], 2))).toEqual([newest.id, middle.id]);
      expect(ids(await store.list(['b.example'], 10))).toEqual([middle.id]);
      expect(ids(await store.list(null, 1))).toEqual([newest.id]);
      expect(await store.list(['c.example'], 10)).toEqual([]);
      expect(await store.list([], 10)).toEqual([]);
      expect(await store.list(null, 0)).toEqual([]);
    });

    it('pages the list after a cursor, ties broken by id, so every recording comes once', async () => {
      const metas = [recordingMeta({ startedAt: 5000 }), recordingMeta({ startedAt: 4000 }), recordingMeta({ startedAt: 4000 }), recordingMeta({ startedAt: 4000 }), recordingMeta({ startedAt: 1000 })];
      for (const meta of metas) await store.create(meta);
      const seen: string[] = [];
      let after: { startedAt: number; id: string } | null = null;
      for (let page = 0; page < 10; page++) {
        const rows: RecordingMeta[] = await store.list(null, 2, after);
        if (rows.length === 0) break;
        seen.push(...rows.map((meta) => meta.id));
        const last: RecordingMeta = rows[rows.length - 1]!;
        after = { startedAt: last.startedAt, id: last.id };
      }
      expect(seen).toEqual((await store.list(null, 10)).map((meta) => meta.id));
      expect(new Set(seen).size).toBe(5);
      expect(await store.list(null, 10, { startedAt: 1000, id: metas[4]!.id })).toEqual([]);
    });

    it('appends chunks and keeps the metadata as it is after each; reads them back in index order', async () => {
      const { meta, chunks } = await recorded(3);
      expect(await store.get(meta.id)).toEqual(meta);
      expect(meta).toMatchObject({ chunks: 3, bytes: 10 + 11 + 12 });
      const stored = await store.readChunks(meta.id);
      expect(stored.map((chunk) => chunk.index)).toEqual([0, 1, 2]);
      stored.forEach((chunk, index) => expect(chunk.sealed.equals(chunks[index])).toBe(true));
      expect(Buffer.isBuffer(stored[0].sealed)).toBe(true);
    });

    it('refuses an index that is already stored, keeping the chunk and the metadata as they were', async () => {
      const { meta, chunks } = await recorded(2);
      const intruder = Buffer.from('not the first chunk');
      await expect(store.appendChunk(1, intruder, afterChunk(meta, intruder))).rejects.toThrow(/already has chunk 1/);
      expect(await store.get(meta.id)).toEqual(meta);
      const stored = await store.readChunks(meta.id);
      expect(stored).toHaveLength(2);
      expect(stored[1].sealed.equals(chunks[1])).toBe(true);
      await expect(store.appendChunk(-1, intruder, meta)).rejects.toThrow();
      await expect(store.appendChunk(1.5, intruder, meta)).rejects.toThrow();
    });

    it('reads chunks in index order whatever order they came in, with gaps left as gaps', async () => {
      let meta = recordingMeta();
      await store.create(meta);
      for (const index of [5, 0, 2]) {
        const sealed = Buffer.from(`chunk ${index}`);
        meta = afterChunk(meta, sealed);
        await store.appendChunk(index, sealed, meta);
      }
      const stored = await store.readChunks(meta.id);
      expect(stored.map((chunk) => chunk.index)).toEqual([0, 2, 5]);
      expect(stored.map((chunk) => chunk.sealed.toString())).toEqual(['chunk 0', 'chunk 2', 'chunk 5']);
    });

    it('replaces metadata (true), and says false for a recording that does not exist', async () => {
      const { meta } = await recorded(1);
      const ended = { ...meta, endedAt: meta.lastAt + 5, agents: [...meta.agents, { id: 'agent-3', name: 'Cy' }], deleteTokenHash: null };
      expect(await store.updateMeta(ended)).toBe(true);
      expect(await store.get(meta.id)).toEqual(ended);
      const ghost = recordingMeta();
      expect(await store.updateMeta(ghost)).toBe(false);
      expect(await store.get(ghost.id)).toBeNull();
    });

    it('deletes a recording with its chunks: true once, then false; nothing can be added to it after', async () => {
      const { meta } = await recorded(3);
      const kept = await recorded(1);
      expect(await store.delete(meta.id)).toBe(true);
      expect(await store.get(meta.id)).toBeNull();
      expect(await store.readChunks(meta.id)).toEqual([]);
      expect(await store.delete(meta.id)).toBe(false);
      expect(await store.updateMeta(meta)).toBe(false);
      await expect(store.appendChunk(3, Buffer.from('late'), afterChunk(meta, Buffer.from('late')))).rejects.toThrow();
      expect(await store.get(meta.id)).toBeNull();
      expect((await store.list(null, 10)).map((m) => m.id)).toEqual([kept.meta.id]);
      expect(await store.readChunks(kept.meta.id)).toHaveLength(1);
    });

    it('names recordings whose keepUntil is before now, at most `limit`', async () => {
      const first = recordingMeta({ keepUntil: 100 });
      const second = recordingMeta({ keepUntil: 200 });
      const later = recordingMeta({ keepUntil: 300 });
      for (const meta of [later, second, first]) await store.create(meta);
      expect((await store.expired(250, 10)).sort()).toEqual([first.id, second.id].sort());
      expect(await store.expired(250, 1)).toHaveLength(1);
      expect([first.id, second.id]).toContain((await store.expired(250, 1))[0]);
      expect(await store.expired(200, 10)).toEqual([first.id]);
      expect(await store.expired(100, 10)).toEqual([]);
      expect(await store.expired(1000, 0)).toEqual([]);
      expect(await store.delete(first.id)).toBe(true);
      expect(await store.expired(250, 10)).toEqual([second.id]);
    });

    it('treats anything but a lowercase UUID as "not found"', async () => {
      const { meta } = await recorded(1);
      for (const id of BAD_IDS) {
        expect(await store.get(id), id).toBeNull();
        expect(await store.readChunks(id), id).toEqual([]);
        expect(await store.delete(id), id).toBe(false);
        expect(await store.updateMeta({ ...meta, id }), id).toBe(false);
        await expect(store.create({ ...meta, id }), id).rejects.toThrow();
        await expect(store.appendChunk(7, Buffer.from('x'), { ...meta, id }), id).rejects.toThrow();
      }
      expect(await store.get(meta.id.toUpperCase())).toBeNull();
      expect(await store.get(meta.id)).toEqual(meta);
      expect((await store.list(null, 10)).map((m) => m.id)).toEqual([meta.id]);
    });

    it('takes appends to different recordings at the same time', async () => {
      const recordings = 6;
      const perRecording = 12;
      const results = await Promise.all(
        Array.from({ length: recordings }, (_, n) => recorded(perRecording, { startedAt: 1000 + n, site: `site-${n % 2}.example` })),
      );
      for (const { meta, chunks } of results) {
        expect(await store.get(meta.id)).toMatchObject({ chunks: perRecording, bytes: meta.bytes });
        const stored = await store.readChunks(meta.id);
        expect(stored.map((chunk) => chunk.index)).toEqual(Array.from({ length: perRecording }, (_, i) => i));
        stored.forEach((chunk, index) => expect(chunk.sealed.equals(chunks[index])).toBe(true));
      }
      expect(await store.list(null, 100)).toHaveLength(recordings);
    });

    it('round-trips a 5 MB chunk byte for byte', async () => {
      const meta = recordingMeta();
      await store.create(meta);
      const big = randomBytes(5 * 1024 * 1024);
      await store.appendChunk(0, big, afterChunk(meta, big));
      const [stored] = await store.readChunks(meta.id);
      expect(stored.index).toBe(0);
      expect(stored.sealed.length).toBe(big.length);
      expect(stored.sealed.equals(big)).toBe(true);
      expect((await store.get(meta.id))?.bytes).toBe(big.length);
    });
  });
}
