import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, isNull, sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { appendAudit, auditLog, sealAudit, unsealedEntries, verifyChain } from './index.ts';

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

  it('keeps entries unsealed until the sealer chains them, in batches', async () => {
    const { db } = t.database;
    assert.equal(await unsealedEntries(db), 5);
    assert.deepEqual(await verifyChain(db), { entries: 0 });
    assert.equal(await sealAudit(db, 2), 5);
    assert.equal(await unsealedEntries(db), 0);
    assert.equal(await sealAudit(db), 0, 'sealing twice changes nothing');
    assert.deepEqual(await verifyChain(db, 2), { entries: 5 });
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

describe('audit chain with concurrent writers', () => {
  it('seals an entry that committed after a later-numbered one, and the chain still verifies', async () => {
    const t = await createTestDatabase();
    try {
      const { db } = t.database;
      const at = new Date('2026-03-01T10:00:00Z');
      // The first writer takes its id, then waits; a second writer commits and is sealed meanwhile.
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let inserted!: () => void;
      const firstInserted = new Promise<void>((resolve) => {
        inserted = resolve;
      });
      const slow = db.transaction(async (tx) => {
        await appendAudit(tx, { action: 'slow' }, at);
        inserted();
        await gate;
      });
      await firstInserted;
      if (t.database.kind === 'postgres') {
        await db.transaction((tx) => appendAudit(tx, { action: 'fast' }, at));
        assert.equal(await sealAudit(db), 1, 'only the committed entry is sealed');
      }
      release();
      await slow;
      await sealAudit(db);
      const rows = await db.select().from(auditLog).orderBy(auditLog.seq);
      assert.equal(rows.filter((r) => r.seq === null).length, 0);
      if (t.database.kind === 'postgres')
        assert.deepEqual(
          rows.map((r) => r.action),
          ['fast', 'slow'],
        );
      assert.deepEqual(await verifyChain(db), { entries: rows.length });
      assert.equal((await db.select().from(auditLog).where(isNull(auditLog.hash))).length, 0);
    } finally {
      await t.drop();
    }
  });

  it('verifies entries whose details have several keys, whatever order jsonb returns them in', async () => {
    const t = await createTestDatabase();
    try {
      const { db } = t.database;
      const details = { zeta: 1, alpha: { b: 2, a: [3, { y: 1, x: 2 }] }, mid: 'x' };
      await db.transaction((tx) => appendAudit(tx, { action: 'multi', details }, new Date()));
      await db.transaction((tx) =>
        appendAudit(tx, { action: 'second', details: { b: 1, a: 2 } }, new Date()),
      );
      await sealAudit(db);
      assert.deepEqual(await verifyChain(db), { entries: 2 });
    } finally {
      await t.drop();
    }
  });
});
