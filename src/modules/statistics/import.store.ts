import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/client.ts';
import { type ImportedPageview, ingestPageviews } from '../analytics/index.ts';
import type { statEvents } from './events.tables.ts';
import { ensureEventMonths } from './rollup.ts';

export type EventRow = typeof statEvents.$inferInsert;
type Counts = { imported: Record<string, number>; duplicates: number };

const monthOf = (at: Date) => at.toISOString().slice(0, 7);

export class Batch {
  events: EventRow[] = [];
  pageviews: ImportedPageview[] = [];
  get size() {
    return this.events.length + this.pageviews.length;
  }
}

/**
 * One statement per batch, its rows one JSON parameter: `JSON.stringify` of the batch is a single native
 * call, where building a quoted array literal per column cost the import's main thread more than parsing
 * the lines (measured: about 70 ms vs 8 ms per 10,000 rows), and the database's JSON reader has time to
 * spare. Rows sorted by time go to one partition after another and touch the (at, dedupe_key) index in
 * order. ON CONFLICT on that index skips lines imported before (measured: a NOT EXISTS probe first costs
 * the same at scale).
 */
async function insertEvents(tx: Tx, rows: EventRow[]): Promise<{ type: string; n: number }[]> {
  const result = await tx.execute(sql`with new as (insert into stat_events
      (type, at, service_code, agency_code, channel, user_key, subject_type, dedupe_key)
    select type, at, "serviceCode", "agencyCode", channel, "userKey", "subjectType", "dedupeKey"
    from json_to_recordset(${JSON.stringify(rows)}::json) as r(type text, at timestamptz, "serviceCode" text,
      "agencyCode" text, channel text, "userKey" text, "subjectType" text, "dedupeKey" text)
    order by at
    on conflict do nothing returning type)
    select type, count(*)::int as n from new group by type`);
  return (result as unknown as { rows: { type: string; n: number }[] }).rows;
}

async function store(db: Db, batch: Batch): Promise<Counts> {
  const counts: Counts = { imported: {}, duplicates: 0 };
  await db.transaction(async (tx) => {
    if (batch.events.length > 0) {
      let stored = 0;
      for (const { type, n } of await insertEvents(tx, batch.events)) {
        counts.imported[type] = n;
        stored += n;
      }
      counts.duplicates += batch.events.length - stored;
    }
    if (batch.pageviews.length > 0) {
      const { inserted } = await ingestPageviews(tx, batch.pageviews);
      counts.imported.pageview = inserted;
      counts.duplicates += batch.pageviews.length - inserted;
    }
  });
  return counts;
}

/** Stores a batch in one transaction and adds what it stored to the counts of the import. */
export async function commit(db: Db, batch: Batch, summary: Counts, months: Set<string>): Promise<void> {
  // Partitions are made before the transaction of the batch: creating one locks the whole table briefly.
  const missing = batch.events.map((e) => e.at as Date).filter((at) => !months.has(monthOf(at)));
  if (missing.length > 0) {
    await ensureEventMonths(db, missing);
    for (const at of missing) months.add(monthOf(at));
  }
  const counts = await store(db, batch);
  for (const [type, n] of Object.entries(counts.imported))
    summary.imported[type] = (summary.imported[type] ?? 0) + n;
  summary.duplicates += counts.duplicates;
}
