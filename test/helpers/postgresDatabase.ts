/**
 * A throw-away PostgreSQL database for one test file: created on the server that
 * scripts/ensure-postgres.mjs makes sure of (or the one LOOKALONG_TEST_POSTGRES_URL names, an
 * admin URL allowed to CREATE DATABASE), dropped afterwards even if connections are left open.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { afterAll, beforeAll } from 'vitest';

/** Where databases are created and dropped from, unless LOOKALONG_TEST_POSTGRES_URL says otherwise. */
export const DEFAULT_POSTGRES_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** A database made for one test file. */
export interface TestDatabase {
  name: string;
  /** URL of the database itself (the admin URL with its name). */
  url: string;
  /** Drops it (terminating any connection still open). */
  drop(): Promise<void>;
}

/** The admin URL the tests use. */
export function postgresAdminUrl(): string {
  return process.env.LOOKALONG_TEST_POSTGRES_URL || DEFAULT_POSTGRES_ADMIN_URL;
}

async function onAdmin(sql: string): Promise<void> {
  const admin = new Client({ connectionString: postgresAdminUrl() });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** Creates `lookalong_test_<random>` on the admin URL's server. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `lookalong_test_${randomBytes(6).toString('hex')}`;
  await onAdmin(`CREATE DATABASE ${name}`);
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => onAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** Registers hooks that create a database before the file's tests and drop it after; `url` is set once beforeAll ran. */
export function useTestDatabase(): { url: string } {
  const context = { url: '' };
  let database: TestDatabase | null = null;
  beforeAll(async () => {
    database = await createTestDatabase();
    context.url = database.url;
  });
  afterAll(async () => {
    await database?.drop();
  });
  return context;
}
