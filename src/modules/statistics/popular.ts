import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';

export interface ServiceUses {
  serviceCode: string;
  uses: number;
}

/**
 * The most used services since a moment (the home page asks for the last 30 days), most used first.
 * Reads the daily rollups (whole days from the UTC date of `since`) plus the few events recorded after
 * the rollup watermark, so a use counts at once without scanning raw history.
 */
export async function popularServices(db: Db, since: Date, limit: number): Promise<ServiceUses[]> {
  const day = since.toISOString().slice(0, 10);
  const result = await db.execute(sql`with wm as (select coalesce(max(last_id), 0) as id from stat_watermark),
    counted as (
      select service_code, count from stat_daily
        where type = 'service_use' and day >= ${day}::date and service_code <> ''
      union all
      select service_code, 1 from stat_events
        where id > (select id from wm) and type = 'service_use' and at >= ${since.toISOString()} and service_code is not null)
    select service_code, sum(count) as uses from counted group by service_code order by 2 desc, 1 limit ${limit}`);
  const rows = (result as unknown as { rows: { service_code: string; uses: string }[] }).rows;
  return rows.map((r) => ({ serviceCode: r.service_code, uses: Number(r.uses) }));
}
