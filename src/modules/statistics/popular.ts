import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { splitThirds } from './figures.repository.ts';
import { addMonths } from './period.ts';

export interface ServiceUses {
  serviceCode: string;
  uses: number;
}

/**
 * The most used services since a moment (the home page asks for the last 30 days), most used first.
 * Reads the per-service rollups (from the UTC date of `since` to the end of its month as thirds of the
 * month and at most 9 days, whole months after) plus the few events recorded after the rollup
 * watermark, so a use counts at once without scanning raw history.
 */
export async function popularServices(db: Db, since: Date, limit: number): Promise<ServiceUses[]> {
  const day = since.toISOString().slice(0, 10);
  const nextMonth = day.endsWith('-01') ? day : addMonths(`${day.slice(0, 8)}01`, 1);
  const edge = splitThirds({ from: day, to: nextMonth });
  const thirds = edge.parts ?? { from: nextMonth, to: nextMonth };
  const days = edge.days.map(
    (d) => sql`select service_code, count from stat_day_services
        where type = 'service_use' and day >= ${d.from}::date and day < ${d.to}::date`,
  );
  const result = await db.execute(sql`with wm as (select coalesce(max(last_id), 0) as id from stat_watermark),
    counted as (
      ${sql.join(
        [
          ...days,
          sql`select service_code, count from stat_part_services where type = 'service_use'
        and part >= ${thirds.from}::date and part < ${thirds.to}::date`,
        ],
        sql` union all `,
      )}
      union all
      select service_code, count from stat_month_services
        where type = 'service_use' and month >= ${nextMonth}::date
      union all
      select service_code, 1 from stat_events
        where id > (select id from wm) and type = 'service_use' and at >= ${since.toISOString()} and service_code is not null)
    select service_code, sum(count) as uses from counted group by service_code order by 2 desc, 1 limit ${limit}`);
  const rows = (result as unknown as { rows: { service_code: string; uses: string }[] }).rows;
  return rows.map((r) => ({ serviceCode: r.service_code, uses: Number(r.uses) }));
}
