import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { releaseDataDirLock, takeDataDirLock } from './lock.ts';
import * as schema from './schema.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Throws when the database cannot answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Only for PGlite: the in-process engine, used by tests to snapshot and by bulk loads. */
  pglite?: PGlite;
  pool?: pg.Pool;
}

export interface OpenOptions {
  databaseUrl?: string;
  /** Directory of the embedded database; undefined means in memory. */
  pgliteDir?: string;
  /** A gzipped data directory to start from (test snapshots). */
  pgliteSnapshot?: Blob;
  onPoolError?: (error: Error) => void;
  /**
   * A short-lived command (the CLI), not the portal: PGlite gets a smaller buffer cache and bulk work
   * less memory per sort (bulkWorkMem), because its WASM heap never gives back what it once took.
   */
  lean?: boolean;
}

/** PGlite settings for `lean`: 32 MB of shared buffers instead of 128 MB; bulk sorts of 32 MB. */
const LEAN_PGLITE = ['shared_buffers = 32MB', "egov.bulk_work_mem = '32MB'"];

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.onPoolError);
  return openPglite(options.pgliteDir, options.pgliteSnapshot, options.lean ? LEAN_PGLITE : undefined);
}

async function openPostgres(url: string, onPoolError?: (error: Error) => void): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 20,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30000,
    options: '-c statement_timeout=30000 -c timezone=UTC',
  });
  // An idle client losing its server must not crash the process; queries then fail with 503.
  pool.on('error', (error) => onPoolError?.(error));
  const db = drizzleNodePg(pool, { schema }) as unknown as Db;
  const database: Database = {
    kind: 'postgres',
    db,
    pool,
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: async () => {
      if (!pool.ended) await pool.end();
    },
  };
  await database.ping();
  return database;
}

async function openPglite(dir?: string, snapshot?: Blob, conf?: string[]): Promise<Database> {
  if (dir) takeDataDirLock(dir);
  try {
    // Loaded only when the embedded database is used: the engine's module alone adds about 55 MB to a
    // process, which a portal or command on PostgreSQL does not need.
    const [{ PGlite }, { pg_trgm }, { unaccent }, { drizzle: drizzlePglite }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite/contrib/pg_trgm'),
      import('@electric-sql/pglite/contrib/unaccent'),
      import('drizzle-orm/pglite'),
    ]);
    const pglite = await PGlite.create({
      dataDir: dir,
      loadDataDir: snapshot,
      extensions: { pg_trgm, unaccent },
      postgresqlconf: conf,
    });
    await pglite.exec(`set timezone = 'UTC'`);
    const db = drizzlePglite(pglite, { schema }) as unknown as Db;
    return {
      kind: 'pglite',
      db,
      pglite,
      ping: async () => {
        if (pglite.closed) throw new Error('embedded database is closed');
        await pglite.query('select 1');
      },
      close: async () => {
        if (!pglite.closed) await pglite.close();
        if (dir) releaseDataDirLock(dir);
      },
    };
  } catch (error) {
    if (dir) releaseDataDirLock(dir);
    throw error;
  }
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
]);

/** True when an error means "the database is away", which the portal answers with 503, not 500. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const { code, message } = e as { code?: string; message?: string };
    if (code && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
    if (
      message &&
      /Connection terminated|timeout exceeded when trying to connect|database is closed|PGlite is closed/i.test(
        message,
      )
    )
      return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
