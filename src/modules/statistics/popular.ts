import { and, desc, eq, gte, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { statEvents } from './events.tables.ts';

export interface ServiceUses {
  serviceCode: string;
  uses: number;
}

/** The most used services since a moment (the home page asks for the last 30 days), most used first. */
export async function popularServices(db: Db, since: Date, limit: number): Promise<ServiceUses[]> {
  const uses = sql<number>`count(*)::int`;
  const rows = await db
    .select({ serviceCode: statEvents.serviceCode, uses })
    .from(statEvents)
    .where(
      and(eq(statEvents.type, 'service_use'), gte(statEvents.at, since), isNotNull(statEvents.serviceCode)),
    )
    .groupBy(statEvents.serviceCode)
    .orderBy(desc(uses), statEvents.serviceCode)
    .limit(limit);
  return rows.map((r) => ({ serviceCode: r.serviceCode as string, uses: Number(r.uses) }));
}
