import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { appendAudit, auditLog, verifyChain } from './index.ts';

describe('audit chain', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
    const at = new Date('2026-03-01T10:00:00Z');
    for (let i = 1; i <= 5; i++) {
      await t.database.db.transaction((tx) =>
        appendAudit(
          tx,
          { action: 'test.action', actorAccountId: `a${i}`, subjectPersonId: 'p1', details: { i } },
          at,
        ),
      );
    }
  });
  after(() => t.drop());

  it('verifies an intact chain', async () => {
    assert.deepEqual(await verifyChain(t.database.db, 2), { entries: 5 });
  });

  it('names the first changed entry', async () => {
    const { db } = t.database;
    await db.update(auditLog).set({ reason: 'tampered' }).where(eq(auditLog.id, 3));
    const report = await verifyChain(db);
    assert.deepEqual(report.firstBroken, { id: 3, problem: 'content changed' });
    await db.update(auditLog).set({ reason: null }).where(eq(auditLog.id, 3));
  });

  it('names the entry after a removed one', async () => {
    const { db } = t.database;
    await db.execute(sql`delete from audit_log where id = 2`);
    assert.deepEqual((await verifyChain(db)).firstBroken, {
      id: 3,
      problem: 'link broken (entry removed or reordered)',
    });
  });

  it('does not record an entry whose transaction rolls back', async () => {
    const { db } = t.database;
    const before = (await db.select().from(auditLog)).length;
    await assert.rejects(
      db.transaction(async (tx) => {
        await appendAudit(tx, { action: 'never' }, new Date());
        throw new Error('rollback');
      }),
    );
    assert.equal((await db.select().from(auditLog)).length, before);
  });
});

describe('audit chain with structured details', () => {
  it('verifies entries whose details have several keys, whatever order jsonb returns them in', async () => {
    const t = await createTestDatabase();
    try {
      const { db } = t.database;
      const details = { zeta: 1, alpha: { b: 2, a: [3, { y: 1, x: 2 }] }, mid: 'x' };
      await db.transaction((tx) => appendAudit(tx, { action: 'multi', details }, new Date()));
      await db.transaction((tx) =>
        appendAudit(tx, { action: 'second', details: { b: 1, a: 2 } }, new Date()),
      );
      assert.deepEqual(await verifyChain(db), { entries: 2 });
    } finally {
      await t.drop();
    }
  });
});
