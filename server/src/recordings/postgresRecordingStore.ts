/**
 * Recordings in PostgreSQL, for several nodes sharing one store: `lookalong_recordings` holds each
 * recording's metadata (as jsonb, plus the columns list and the retention sweep filter and sort
 * on), `lookalong_recording_chunks` its sealed chunks, deleted with it. The tables are created on
 * open under an advisory lock, so nodes starting together do not trip over each other.
 */
import { DatabaseError, Pool, type PoolClient } from 'pg';
import { checkChunkIndex, isRecordingId, type ListCursor, type RecordingMeta, type RecordingStore, type StoredChunk } from './recordingStore';

/** Connections a node keeps to the database at most. */
const POOL_SIZE = 5;
/** How long a connection attempt may take before it fails (an unreachable host, not a refusal). */
const CONNECT_TIMEOUT_MS = 10_000;
/** Advisory lock key (an arbitrary constant) held while the schema is created. */
const SCHEMA_LOCK = 0x100ca1a;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS lookalong_recordings (
  id uuid PRIMARY KEY,
  session text NOT NULL,
  site text NOT NULL,
  meta jsonb NOT NULL,
  started_at bigint NOT NULL,
  keep_until bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS lookalong_recordings_site_started ON lookalong_recordings (site, started_at DESC);
CREATE INDEX IF NOT EXISTS lookalong_recordings_started ON lookalong_recordings (started_at DESC);
CREATE INDEX IF NOT EXISTS lookalong_recordings_keep_until ON lookalong_recordings (keep_until);
CREATE TABLE IF NOT EXISTS lookalong_recording_chunks (
  recording uuid NOT NULL REFERENCES lookalong_recordings (id) ON DELETE CASCADE,
  idx integer NOT NULL,
  sealed bytea NOT NULL,
  PRIMARY KEY (recording, idx)
);
`;

/** The columns kept beside the jsonb copy, in the order of $2.. in the statements below. */
function metaParams(meta: RecordingMeta): [string, string, string, number, number] {
  return [meta.session, meta.site, JSON.stringify(meta), Math.floor(meta.startedAt), Math.floor(meta.keepUntil)];
}

/** `limit` as a LIMIT parameter (null: no limit). */
function limitParam(limit: number): number | null {
  return Number.isFinite(limit) ? Math.floor(limit) : null;
}

/** `host:port` of a PostgreSQL URL, for messages (never the user or password). */
export function postgresAddress(url: string): string {
  try {
    const parsed = new URL(url);
    const host = parsed.hostname || parsed.searchParams.get('host') || 'localhost';
    return `${host}:${parsed.port || '5432'}`;
  } catch {
    return '(a URL that does not parse)';
  }
}

/** One line saying why `error` happened, without `secret` (the URL's password) in it. */
function describeError(error: unknown, secret: string): string {
  const parts = error instanceof AggregateError && error.errors.length > 0 ? error.errors : [error];
  const text = parts
    .map((part) => (part instanceof Error ? part.message || ('code' in part ? String(part.code) : part.name) : String(part)))
    .join('; ')
    .replace(/\s+/g, ' ')
    .trim();
  return secret ? text.split(secret).join('***') : text;
}

function passwordOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}

/** Stores recordings in PostgreSQL; open one with `PostgresRecordingStore.open(url)`. */
export class PostgresRecordingStore implements RecordingStore {
  private closed = false;

  private constructor(private readonly pool: Pool) {}

  /** Connects to `url` (postgres://…), creates the tables if absent; rejects with one line naming host:port when it cannot. */
  static async open(url: string, onIdleError: (error: Error) => void = () => undefined): Promise<PostgresRecordingStore> {
    const pool = new Pool({ connectionString: url, max: POOL_SIZE, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    // A pooled connection that drops while idle is replaced by the next query; without a listener it would crash the process.
    pool.on('error', onIdleError);
    try {
      await inTransaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
        await client.query(SCHEMA);
      });
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw new Error(`cannot open the PostgreSQL recording store at ${postgresAddress(url)}: ${describeError(error, passwordOf(url))}`, { cause: error });
    }
    return new PostgresRecordingStore(pool);
  }

  async create(meta: RecordingMeta): Promise<void> {
    if (!isRecordingId(meta.id)) throw new Error(`not a recording id: ${JSON.stringify(meta.id)}`);
    try {
      await this.pool.query(
        'INSERT INTO lookalong_recordings (id, session, site, meta, started_at, keep_until) VALUES ($1, $2, $3, $4, $5, $6)',
        [meta.id, ...metaParams(meta)],
      );
    } catch (error) {
      if (error instanceof DatabaseError && error.code === '23505') throw new Error(`recording ${meta.id} already exists`);
      throw error;
    }
  }

  async appendChunk(index: number, sealed: Buffer, meta: RecordingMeta): Promise<void> {
    if (!isRecordingId(meta.id)) throw new Error(`no recording ${JSON.stringify(meta.id)}`);
    checkChunkIndex(index);
    try {
      await inTransaction(this.pool, async (client) => {
        await client.query('INSERT INTO lookalong_recording_chunks (recording, idx, sealed) VALUES ($1, $2, $3)', [meta.id, index, sealed]);
        await client.query(
          'UPDATE lookalong_recordings SET session = $2, site = $3, meta = $4, started_at = $5, keep_until = $6 WHERE id = $1',
          [meta.id, ...metaParams(meta)],
        );
      });
    } catch (error) {
      if (error instanceof DatabaseError && error.code === '23505') throw new Error(`recording ${meta.id} already has chunk ${index}`);
      if (error instanceof DatabaseError && error.code === '23503') throw new Error(`no recording ${meta.id} (deleted?)`);
      throw error;
    }
  }

  async updateMeta(meta: RecordingMeta): Promise<boolean> {
    if (!isRecordingId(meta.id)) return false;
    const result = await this.pool.query(
      'UPDATE lookalong_recordings SET session = $2, site = $3, meta = $4, started_at = $5, keep_until = $6 WHERE id = $1',
      [meta.id, ...metaParams(meta)],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async get(id: string): Promise<RecordingMeta | null> {
    if (!isRecordingId(id)) return null;
    const result = await this.pool.query<{ meta: RecordingMeta }>('SELECT meta FROM lookalong_recordings WHERE id = $1', [id]);
    return result.rows[0]?.meta ?? null;
  }

  async list(sites: readonly string[] | null, limit: number, after: ListCursor | null = null): Promise<RecordingMeta[]> {
    if (limit <= 0 || sites?.length === 0) return [];
    const result = await this.pool.query<{ meta: RecordingMeta }>(
      `SELECT meta FROM lookalong_recordings
        WHERE ($1::text[] IS NULL OR site = ANY($1))
          AND ($3::bigint IS NULL OR started_at < $3 OR (started_at = $3 AND id > $4::uuid))
        ORDER BY started_at DESC, id LIMIT $2`,
      [sites, limitParam(limit), after?.startedAt ?? null, after && isRecordingId(after.id) ? after.id : null],
    );
    return result.rows.map((row) => row.meta);
  }

  async readChunks(id: string): Promise<StoredChunk[]> {
    if (!isRecordingId(id)) return [];
    const result = await this.pool.query<{ idx: number; sealed: Buffer }>(
      'SELECT idx, sealed FROM lookalong_recording_chunks WHERE recording = $1 ORDER BY idx',
      [id],
    );
    return result.rows.map((row) => ({ index: row.idx, sealed: row.sealed }));
  }

  async delete(id: string): Promise<boolean> {
    if (!isRecordingId(id)) return false;
    const result = await this.pool.query('DELETE FROM lookalong_recordings WHERE id = $1', [id]);
    return (result.rowCount ?? 0) > 0;
  }

  async expired(now: number, limit: number): Promise<string[]> {
    if (limit <= 0) return [];
    const result = await this.pool.query<{ id: string }>(
      'SELECT id FROM lookalong_recordings WHERE keep_until < $1 ORDER BY keep_until LIMIT $2',
      [Math.ceil(now), limitParam(limit)],
    );
    return result.rows.map((row) => row.id);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

/** Runs `work` on one pooled connection between BEGIN and COMMIT (ROLLBACK when it throws). */
async function inTransaction(pool: Pool, work: (client: PoolClient) => Promise<void>): Promise<void> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    await work(client);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
