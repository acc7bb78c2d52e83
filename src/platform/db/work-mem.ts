import { sql } from 'drizzle-orm';
import type { Tx } from './client.ts';

/**
 * Gives the transaction's sorts and hashes `size` of memory each (rollups, sessionising: spilling to disk
 * made them several times slower), or less where the process asked for less: a lean PGlite (the CLI)
 * sets `egov.bulk_work_mem`, since its WASM heap keeps whatever one sort once took.
 */
export async function bulkWorkMem(tx: Tx, size: string): Promise<void> {
  await tx.execute(sql`select set_config('work_mem',
    coalesce(nullif(current_setting('egov.bulk_work_mem', true), ''), ${size}), true)`);
}
