import { asc, desc, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { GENESIS, hashOf } from './audit.repository.ts';
import { auditLog } from './audit.tables.ts';

// Serialises sealers across processes; any constant shared by all of them.
const SEAL_LOCK = 7_318_010;

/**
 * Gives every committed, unsealed entry its place in the chain and its hash, in batches, under one lock.
 * Writers never wait for it: an entry commits with the change it records (so none is lost), and is sealed
 * moments later. An entry whose transaction committed after a later-numbered one is simply sealed later;
 * the chain's order is `seq`, not `id`. Returns how many entries it sealed.
 */
export async function sealAudit(db: Db, batchSize = 2000): Promise<number> {
  let sealed = 0;
  for (;;) {
    const count = await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${SEAL_LOCK})`);
      const rows = await tx
        .select()
        .from(auditLog)
        .where(isNull(auditLog.seq))
        .orderBy(asc(auditLog.id))
        .limit(batchSize);
      if (rows.length === 0) return 0;
      const [last] = await tx
        .select({ seq: auditLog.seq, hash: auditLog.hash })
        .from(auditLog)
        .where(isNotNull(auditLog.seq))
        .orderBy(desc(auditLog.seq))
        .limit(1);
      let seq = last?.seq ?? 0;
      let previous = last?.hash ?? GENESIS;
      const values = rows.map((row) => {
        const { id, seq: _seq, hash: _hash, prevHash: _prev, ...content } = row;
        const hash = hashOf({ ...content, prevHash: previous });
        const value = sql`(${id}::bigint, ${++seq}::bigint, ${previous}, ${hash})`;
        previous = hash;
        return value;
      });
      await tx.execute(sql`update audit_log set seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
        from (values ${sql.join(values, sql`, `)}) as v(id, seq, prev_hash, hash)
        where audit_log.id = v.id`);
      return rows.length;
    });
    sealed += count;
    if (count < batchSize) return sealed;
  }
}

/** Entries not yet sealed (normally none older than the sealer's interval). */
export async function unsealedEntries(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(isNull(auditLog.seq));
  return row?.n ?? 0;
}
