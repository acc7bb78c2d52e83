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

/** A PostgreSQL array literal: one parameter however many rows (drivers would expand a JS array). */
function arrayLiteral(values: (string | null)[]): string {
  const items = values.map((v) =>
    v === null ? 'NULL' : `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`,
  );
  return `{${items.join(',')}}`;
}
const column = (rows: EventRow[], key: keyof EventRow) =>
  arrayLiteral(rows.map((r) => (r[key] === undefined || r[key] === null ? null : String(r[key]))));

/**
 * One statement per batch: arrays unnested server-side are far cheaper than VALUES tuples; rows sorted by
 * time go to one partition after another and touch the (at, dedupe_key) index in order. ON CONFLICT on
 * that index skips lines imported before (measured: a NOT EXISTS probe first costs the same at scale).
 */
async function insertEvents(tx: Tx, rows: EventRow[]): Promise<{ type: string; n: number }[]> {
  const result = await tx.execute(sql`with new as (insert into stat_events
      (type, at, service_code, agency_code, channel, user_key, subject_type, dedupe_key)
    select * from unnest(${column(rows, 'type')}::text[],
      ${arrayLiteral(rows.map((r) => (r.at as Date).toISOString()))}::timestamptz[], ${column(rows, 'serviceCode')}::text[],
      ${column(rows, 'agencyCode')}::text[], ${column(rows, 'channel')}::text[], ${column(rows, 'userKey')}::text[],
      ${column(rows, 'subjectType')}::text[], ${column(rows, 'dedupeKey')}::text[]) order by 2
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
