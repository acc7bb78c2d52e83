import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { Database, Db, Tx } from './client.ts';

/** Sends `data` to `copy … from stdin` on a PostgreSQL connection. */
export async function copyIn(client: pg.ClientBase, statement: string, data: string | Buffer): Promise<void> {
  await pipeline(Readable.from([data]), client.query(copyFrom(statement)));
}

/**
 * The output of `copy … to stdout` on a PostgreSQL connection, in the pieces it arrives in (a few
 * kilobytes each, rows split anywhere), so that a reader can work while the database still sends.
 */
export function copyOut(client: pg.ClientBase, statement: string): AsyncIterable<Buffer> {
  return client.query(copyTo(statement));
}

/**
 * The PostgreSQL connection under a Drizzle transaction, for COPY inside it; null on PGlite. Reads a
 * field Drizzle does not document (`session.client`), pinned by the lockfile and covered by the tests
 * that run both sessionising paths on PostgreSQL.
 */
export function pgClientOf(tx: Tx): pg.ClientBase | null {
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client;
  return client instanceof pg.Client ? client : null;
}

/** The PostgreSQL pool under a Drizzle database (`db.$client`, documented by Drizzle); null on PGlite. */
export function pgPoolOf(db: Db): pg.Pool | null {
  const client = (db as unknown as { $client?: unknown }).$client;
  return client instanceof pg.Pool ? client : null;
}

/** A transaction that can take rows by COPY (text format) as well as plain statements. */
export interface BulkTx {
  /** `statement` is `copy TABLE (COLUMNS) from stdin`; `text` holds the rows, one per line. */
  copy(statement: string, text: string): Promise<void>;
  query<T>(statement: string): Promise<T[]>;
}

/**
 * Runs `work` in one transaction on one connection with COPY available: the bulk loads (historical
 * import) that a row-by-row INSERT made the slowest part of. Drizzle has no COPY, so this speaks to the
 * driver: pg-copy-streams on PostgreSQL, PGlite's `/dev/blob` on the embedded database.
 */
export async function bulkTransaction<T>(database: Database, work: (tx: BulkTx) => Promise<T>): Promise<T> {
  if (database.pglite) {
    return database.pglite.transaction((tx) =>
      work({
        copy: async (statement, text) => {
          await tx.query(statement.replace(/ from stdin$/i, ` from '/dev/blob'`), [], {
            blob: new Blob([text]),
          });
        },
        query: async <R>(statement: string) => (await tx.query<R>(statement)).rows,
      }),
    );
  }
  if (!database.pool) throw new Error('bulkTransaction needs PGlite or a PostgreSQL pool');
  const client = await database.pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('begin');
    try {
      const result = await work({
        copy: (statement, text) => copyIn(client, statement, text),
        query: async <R>(statement: string) => (await client.query(statement)).rows as R[],
      });
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw error;
    }
  } finally {
    // A connection that could not even roll back is discarded, not returned to the pool.
    client.release(broken);
  }
}

/** A value in COPY's text format: `\N` for null; backslash, tab, newline and carriage return escaped. */
export function copyValue(value: string | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  return /[\\\t\n\r]/.test(value)
    ? value.replace(
        /[\\\t\n\r]/g,
        (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c] as string,
      )
    : value;
}
