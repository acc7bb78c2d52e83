import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/client.ts';
import { bulkWorkMem } from '../../platform/db/work-mem.ts';

// An import's events span its whole period, so every chunk adds to the same daily and monthly rows: fewer,
// larger chunks upsert each of them fewer times (a million events of a half-year: 12 s in one chunk, 26 s
// in chunks of 200,000, same run).
const CHUNK = 1_000_000;
const WATERMARK = 'rollups';

async function one<T>(db: Db | Tx, query: ReturnType<typeof sql>): Promise<T | undefined> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows[0];
}

/**
 * Makes sure the monthly partitions of stat_events exist for the months of these instants (the SQL
 * function of migration 0019; rows of such a month already in the default partition move into it).
 */
export async function ensureEventMonths(db: Db | Tx, instants: Date[]): Promise<void> {
  const months = new Set(instants.map((at) => at.toISOString().slice(0, 7)));
  for (const month of months) await db.execute(sql`select stat_events_month(${`${month}-01T00:00:00Z`})`);
}

/**
 * The highest event id that is safe as a watermark. Ids are taken when a row is inserted but become
 * visible only at commit, so the largest id seen can belong to a transaction still open; that event
 * would commit below the watermark and never be counted. A SHARE lock conflicts with the ROW EXCLUSIVE
 * lock every insert holds until its transaction ends: once granted, no insert is in flight, every id the
 * sequence has handed out is committed (or never will be), and later inserts wait for us, then take
 * larger ids. So the sequence's last value is the high water (stat_events has no index that would find
 * max(id) quickly: migration 0026). The lock is held for that one read.
 */
async function highWater(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`lock table stat_events in share mode`);
    const row = await one<{ max: string }>(
      tx,
      sql`select (case when is_called then last_value else 0 end)::text as max from stat_events_id_seq`,
    );
    return Number(row?.max ?? 0);
  });
}

/**
 * Summarises the block ranges of the BRIN index on id that have not been yet (new rows fill them faster
 * than autovacuum summarises): an unsummarised range matches every id, so reading a chunk of ids, or the
 * few events after the watermark (popular services), would read those ranges whole. Reads only the new
 * pages, which the rollup is about to read anyway.
 */
async function summariseNewEvents(db: Db): Promise<void> {
  try {
    await db.execute(sql`select brin_summarize_new_values(inhrelid) from pg_inherits
      where inhparent = 'stat_events_id_brin'::regclass`);
  } catch (error) {
    // Only the index's owner may summarise. A role that does not own the tables (migrated by another)
    // rolls up all the same, reading more blocks until autovacuum has summarised them.
    if ((error as { code?: string }).code !== '42501') throw error;
  }
}

const KEY_COLUMNS = sql`type, service_code, agency_code, channel, subject_type, count`;
const KEY_CONFLICT = sql`type, service_code, agency_code, channel, subject_type`;
const TOTAL_COLUMNS = sql`type, channel, subject_type, count`;

/**
 * One statement: reads the chunk of raw events once and adds it to every rollup. New daily rows go in in
 * day order: a dashboard reads a few days of a table, and an import's chunk spans its whole period, whose
 * rows in the order of a hash table spread each day over as many pages as it has rows (a ragged year's
 * top services: 5.7 ms with the days' rows spread, 2.9 ms clustered by day). Monthly rows are few, and
 * the hourly ones (the most rows) are read an hour at a time: sorting them cost PGlite's heap more.
 */

function addChunk(from: number, to: number, timeZone: string) {
  return sql`with b as materialized (
      select date_trunc('hour', at) as hour, (at at time zone ${timeZone})::date as day, type,
        coalesce(service_code, '') as s, coalesce(agency_code, '') as a, coalesce(channel, '') as c,
        coalesce(subject_type, '') as st, count(*) as n
      from stat_events where id > ${from} and id <= ${to} group by 1, 2, 3, 4, 5, 6, 7),
    h as (insert into stat_hourly (hour, ${KEY_COLUMNS})
      select hour, type, s, a, c, st, sum(n) from b group by 1, 2, 3, 4, 5, 6
      on conflict (hour, ${KEY_CONFLICT}) do update set count = stat_hourly.count + excluded.count),
    d as (insert into stat_daily (day, ${KEY_COLUMNS})
      select day, type, s, a, c, st, sum(n) from b group by 1, 2, 3, 4, 5, 6 order by 1
      on conflict (day, ${KEY_CONFLICT}) do update set count = stat_daily.count + excluded.count),
    m as (insert into stat_monthly (month, ${KEY_COLUMNS})
      select date_trunc('month', day)::date, type, s, a, c, st, sum(n) from b group by 1, 2, 3, 4, 5, 6
      on conflict (type, month, service_code, agency_code, channel, subject_type)
      do update set count = stat_monthly.count + excluded.count),
    ds as (insert into stat_day_services (day, type, service_code, agency_code, count)
      select day, type, s, a, sum(n) from b where s <> '' group by 1, 2, 3, 4 order by 1
      on conflict (type, day, service_code, agency_code) do update set count = stat_day_services.count + excluded.count),
    ms as (insert into stat_month_services (month, type, service_code, agency_code, count)
      select date_trunc('month', day)::date, type, s, a, sum(n) from b where s <> '' group by 1, 2, 3, 4
      on conflict (type, month, service_code, agency_code) do update set count = stat_month_services.count + excluded.count),
    ps as (insert into stat_part_services (part, type, service_code, agency_code, count)
      select date_trunc('month', day)::date + least((extract(day from day)::int - 1) / 10, 2) * 10,
        type, s, a, sum(n) from b where s <> '' group by 1, 2, 3, 4 order by 1
      on conflict (type, part, service_code, agency_code) do update set count = stat_part_services.count + excluded.count),
    dt as (insert into stat_day_totals (day, ${TOTAL_COLUMNS})
      select day, type, c, st, sum(n) from b group by 1, 2, 3, 4 order by 1
      on conflict (type, day, channel, subject_type) do update set count = stat_day_totals.count + excluded.count)
    insert into stat_month_totals (month, ${TOTAL_COLUMNS})
      select date_trunc('month', day)::date, type, c, st, sum(n) from b group by 1, 2, 3, 4
      on conflict (type, month, channel, subject_type) do update set count = stat_month_totals.count + excluded.count`;
}

/** Distinct users of whole months stay exact: a user counts in a month when its (month, user) is new. */
function addUsers(from: number, to: number, timeZone: string) {
  return sql`with u as (insert into stat_user_months (month, user_key)
      select distinct date_trunc('month', at at time zone ${timeZone})::date, user_key from stat_events
      where id > ${from} and id <= ${to} and type = 'service_use' and user_key is not null
      on conflict do nothing returning month)
    insert into stat_month_totals (month, ${TOTAL_COLUMNS})
      select month, 'service_user', '', '', count(*) from u group by 1
      on conflict (type, month, channel, subject_type) do update set count = stat_month_totals.count + excluded.count`;
}

/**
 * Adds the events recorded after the watermark to the hourly, daily and monthly rollups (and their
 * totals), in chunks of ids, each chunk and its new watermark in one transaction (a crash never counts
 * twice; several processes may run it: the watermark row is locked).
 */
export async function rollUp(db: Db, timeZone: string, now = new Date()): Promise<number> {
  // Live events (recordEvent) land in the partitions made here a month ahead, else in the default one.
  const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  await ensureEventMonths(db, [now, nextMonth]);
  const max = await highWater(db);
  await summariseNewEvents(db);
  let done = 0;
  for (;;) {
    const rolled = await db.transaction(async (tx) => {
      await tx.execute(
        sql`insert into stat_watermark (name, last_id) values (${WATERMARK}, 0) on conflict do nothing`,
      );
      const wm = await one<{ last_id: string }>(
        tx,
        sql`select last_id::text as last_id from stat_watermark where name = ${WATERMARK} for update`,
      );
      const from = Number(wm?.last_id ?? 0);
      if (from >= max) return -1;
      const to = Math.min(max, from + CHUNK);
      // A chunk's sorts and hash aggregates spilled to disk at the default 4 MB; 128 MB, for this
      // transaction only, keeps a million-event chunk's mostly in memory (256 MB was measured 20% faster on
      // PostgreSQL, but PGlite's heap, which never shrinks, would grow by as much).
      await bulkWorkMem(tx, '128MB');
      await tx.execute(addChunk(from, to, timeZone));
      await tx.execute(addUsers(from, to, timeZone));
      await tx.execute(sql`insert into stat_watermark (name, last_id) values (${WATERMARK}, ${to})
        on conflict (name) do update set last_id = excluded.last_id`);
      return to - from;
    });
    if (rolled < 0) return done;
    done += rolled;
  }
}
