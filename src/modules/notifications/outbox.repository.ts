import { and, desc, eq, gte, inArray, lt, lte, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/client.ts';
import { outbox } from './outbox.tables.ts';

export type OutboxRow = typeof outbox.$inferSelect;

/**
 * Takes up to `limit` due rows for this worker: pending ones whose time has come and 'sending' ones whose lease
 * ran out (a worker died mid-send). SKIP LOCKED lets several workers on PostgreSQL claim disjoint batches; on PGlite
 * there is one connection, so it is simply a claim. The lease is stored in next_attempt_at.
 */
export async function claimDue(
  db: Db,
  options: { now: Date; leaseUntil: Date; limit: number; maxAttempts: number },
): Promise<OutboxRow[]> {
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      and(
        inArray(outbox.status, ['pending', 'sending']),
        lte(outbox.nextAttemptAt, options.now),
        lt(outbox.attempts, options.maxAttempts),
      ),
    )
    .orderBy(outbox.nextAttemptAt)
    .limit(options.limit)
    .for('update', { skipLocked: true });
  return db
    .update(outbox)
    .set({ status: 'sending', nextAttemptAt: options.leaseUntil, attempts: sql`${outbox.attempts} + 1` })
    .where(inArray(outbox.id, due))
    .returning();
}

/** Rows whose last allowed try was claimed and then lost with its worker: nothing more will be tried. */
export async function buryAbandoned(db: Db, now: Date, maxAttempts: number): Promise<void> {
  await db
    .update(outbox)
    .set({ status: 'dead', lastError: 'lease expired on the last attempt' })
    .where(
      and(eq(outbox.status, 'sending'), lte(outbox.nextAttemptAt, now), gte(outbox.attempts, maxAttempts)),
    );
}

/** Only rows still 'sending' move: a row another worker re-claimed after our lease is not touched twice. */
export async function markSent(db: Db, ids: number[], transport: string, at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(outbox)
    .set({ status: 'sent', sentAt: at, transport, lastError: null })
    .where(and(inArray(outbox.id, ids), eq(outbox.status, 'sending')));
}

export async function markFailed(
  db: Db,
  id: number,
  failure: { error: string; retryAt: Date | null },
): Promise<void> {
  await db
    .update(outbox)
    .set(
      failure.retryAt
        ? { status: 'pending', nextAttemptAt: failure.retryAt, lastError: failure.error.slice(0, 500) }
        : { status: 'dead', lastError: failure.error.slice(0, 500) },
    )
    .where(and(eq(outbox.id, id), eq(outbox.status, 'sending')));
}

/** A dead letter goes back to the queue with a fresh set of tries. */
export async function retryDead(tx: Tx | Db, id: number, now: Date): Promise<boolean> {
  const rows = await tx
    .update(outbox)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: now, lastError: null })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'dead')))
    .returning({ id: outbox.id });
  return rows.length === 1;
}

export async function recordDelivery(db: Db, id: number, status: string): Promise<boolean> {
  const rows = await db
    .update(outbox)
    .set({ deliveryStatus: status })
    .where(and(eq(outbox.id, id), eq(outbox.channel, 'sms')))
    .returning({ id: outbox.id });
  return rows.length === 1;
}

export async function listOutbox(
  db: Db,
  filter: { status?: string; demoOnly?: boolean; limit: number },
): Promise<OutboxRow[]> {
  return db
    .select()
    .from(outbox)
    .where(
      and(
        filter.status ? eq(outbox.status, filter.status) : undefined,
        filter.demoOnly ? eq(outbox.transport, 'demo') : undefined,
      ),
    )
    .orderBy(desc(outbox.id))
    .limit(filter.limit);
}

export async function countByStatus(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .select({ status: outbox.status, n: sql<number>`count(*)::int` })
    .from(outbox)
    .groupBy(outbox.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}
