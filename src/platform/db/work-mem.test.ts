import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { type Database, openDatabase } from './client.ts';
import { bulkWorkMem } from './work-mem.ts';

async function workMemIn(database: Database): Promise<string> {
  return database.db.transaction(async (tx) => {
    await bulkWorkMem(tx, '128MB');
    const result = await tx.execute(sql`select current_setting('work_mem') as w`);
    return (result as unknown as { rows: { w: string }[] }).rows[0]?.w ?? '';
  });
}

describe('bulkWorkMem', () => {
  it('gives bulk work its memory, and a lean PGlite (the CLI) a quarter of it and fewer buffers', async () => {
    const portal = await openDatabase({});
    const lean = await openDatabase({ lean: true });
    try {
      assert.equal(await workMemIn(portal), '128MB');
      assert.equal(await workMemIn(lean), '32MB');
      const buffers = await lean.db.execute(sql`select current_setting('shared_buffers') as b`);
      assert.equal((buffers as unknown as { rows: { b: string }[] }).rows[0]?.b, '32MB');
      const after = await lean.db.execute(sql`select current_setting('work_mem') as w`);
      assert.equal(
        (after as unknown as { rows: { w: string }[] }).rows[0]?.w,
        '4MB',
        'only for the transaction',
      );
    } finally {
      await portal.close();
      await lean.close();
    }
  });
});
