import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { bulkTransaction, copyValue } from './copy.ts';

describe('bulkTransaction', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
    await bulkTransaction(t.database, (tx) =>
      tx.query('create table copy_probe (n int primary key, s text)'),
    );
  });
  after(() => t.drop());

  it('takes rows by COPY with every character COPY treats specially, and nulls', async () => {
    const values = [
      'tab\there',
      'new\nline',
      'back\\slash',
      'carriage\rreturn',
      '\\N',
      'plain ə ğ ı Ж',
      null,
    ];
    await bulkTransaction(t.database, (tx) =>
      tx.copy(
        'copy copy_probe (n, s) from stdin',
        `${values.map((v, i) => `${i}\t${copyValue(v)}`).join('\n')}\n`,
      ),
    );
    const rows = await bulkTransaction(t.database, (tx) =>
      tx.query<{ n: number; s: string | null }>('select n, s from copy_probe order by n'),
    );
    assert.deepEqual(
      rows.map((r) => r.s),
      values,
    );
  });

  it('keeps nothing of a transaction whose COPY fails, and says why', async () => {
    await assert.rejects(
      bulkTransaction(t.database, async (tx) => {
        await tx.query('insert into copy_probe (n, s) values (100, $$kept?$$)');
        await tx.copy('copy copy_probe (n, s) from stdin', '101\tnew\n0\tclashes with row 0\n');
      }),
      (error: { code?: string }) => error.code === '23505',
    );
    const rows = await bulkTransaction(t.database, (tx) =>
      tx.query<{ n: number }>('select n from copy_probe where n >= 100 order by n'),
    );
    assert.deepEqual(rows, []);
  });
});
