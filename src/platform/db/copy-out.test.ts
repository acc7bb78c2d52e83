import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setImmediate } from 'node:timers/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { copyOut } from './copy-out.ts';

// Rows of 1 to 300 bytes, so that the socket's pieces end anywhere in a message's header or body.
const ROWS = `copy (select g, repeat(chr(1040 + g % 30), g % 150), now() from generate_series(1, 60000) g)
  to stdout (format binary)`;

async function readAll(stream: AsyncIterable<Buffer>, slow = false): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) {
    parts.push(Buffer.from(part));
    if (slow) await setImmediate();
  }
  return Buffer.concat(parts);
}

describe('copyOut (PostgreSQL)', { skip: !process.env.TEST_DATABASE_URL }, () => {
  let client: pg.Client;
  before(async () => {
    client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await client.connect();
  });
  after(() => client.end());

  it("gives exactly the bytes of pg-copy-streams' reader, to a fast and to a slow reader", async () => {
    await client.query('begin');
    try {
      const expected = await readAll(client.query(copyTo(ROWS)));
      assert.ok(expected.length > 5_000_000, `${expected.length} bytes`);
      assert.ok(expected.equals(await readAll(copyOut(client, ROWS))));
      assert.ok(expected.equals(await readAll(copyOut(client, ROWS), true)));
    } finally {
      await client.query('rollback');
    }
    const { rows } = await client.query('select 41 + 1 as n');
    assert.equal(rows[0].n, 42);
  });

  it('fails with the database error when the statement fails midway, and the connection goes on', async () => {
    const failing = `copy (select 100 / (50000 - g) from generate_series(1, 60000) g) to stdout (format binary)`;
    await assert.rejects(
      readAll(copyOut(client, failing)),
      (error: { code?: string }) => error.code === '22012',
    );
    const { rows } = await client.query('select 41 + 1 as n');
    assert.equal(rows[0].n, 42);
  });
});
