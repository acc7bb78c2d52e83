import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';

const CHUNK = 200_000;
const WATERMARK = 'rollups';

async function one<T>(db: Db, query: ReturnType<typeof sql>): Promise<T | undefined> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows[0];
}

/**
 * Adds to the hourly and daily rollups the events recorded after the watermark, in chunks of ids,
 * each chunk and its new watermark in one transaction (a crash never counts twice).
 * Known limit: an id taken by a transaction still open when a run passes it is not counted; event
 * writes are short transactions and the job runs a minute apart, documented in docs/statistics.md.
 */
export async function rollUp(db: Db, timeZone: string): Promise<number> {
  const max = await safeMax(db);
  let done = 0;
  for (;;) {
    const rolled = await db.transaction(async (tx) => {
      const wm = await one<{ last_id: string }>(
        tx as unknown as Db,
        sql`select last_id::text as last_id from stat_watermark where name = ${WATERMARK} for update`,
      );
      const from = Number(wm?.last_id ?? 0);
      if (from >= max) return -1;
      const to = Math.min(max, from + CHUNK);
      const batch = sql`select * from stat_events where id > ${from} and id <= ${to}`;
      const keys = sql`type, coalesce(service_code, ''), coalesce(agency_code, ''), coalesce(channel, ''), coalesce(subject_type, '')`;
      await tx.execute(sql`insert into stat_daily (day, type, service_code, agency_code, channel, subject_type, count)
        select (at at time zone ${timeZone})::date, ${keys}, count(*) from (${batch}) b group by 1, 2, 3, 4, 5, 6
        on conflict (day, type, service_code, agency_code, channel, subject_type)
        do update set count = stat_daily.count + excluded.count`);
      await tx.execute(sql`insert into stat_hourly (hour, type, service_code, agency_code, channel, subject_type, count)
        select date_trunc('hour', at), ${keys}, count(*) from (${batch}) b group by 1, 2, 3, 4, 5, 6
        on conflict (hour, type, service_code, agency_code, channel, subject_type)
        do update set count = stat_hourly.count + excluded.count`);
      await tx.execute(sql`insert into stat_watermark (name, last_id) values (${WATERMARK}, ${to})
        on conflict (name) do update set last_id = excluded.last_id`);
      return to - from;
    });
    if (rolled < 0) return done;
    done += rolled;
  }
}

/** The newest id; a run leaves out what a still-open transaction commits later below it (see docs). */
async function safeMax(db: Db): Promise<number> {
  const row = await one<{ max: string }>(db, sql`select coalesce(max(id), 0)::text as max from stat_events`);
  return Number(row?.max ?? 0);
}
