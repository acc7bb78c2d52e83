import { and, asc, count, eq, ilike, inArray, isNotNull, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { applications, OPEN_STATUSES } from '../services/index.ts';

export interface QueueFilter {
  agencies: string[];
  status: 'open' | 'all' | (typeof OPEN_STATUSES)[number] | 'approved' | 'rejected';
  q?: string;
  mine?: string;
}

/** The agency's submitted applications, oldest deadline first (drafts are the resident's alone). */
export async function queue(db: Db, filter: QueueFilter) {
  if (filter.agencies.length === 0) return [];
  const where: SQL[] = [inArray(applications.agencyCode, filter.agencies), isNotNull(applications.number)];
  if (filter.status === 'open') where.push(inArray(applications.status, [...OPEN_STATUSES]));
  else if (filter.status !== 'all') where.push(eq(applications.status, filter.status));
  if (filter.q) where.push(ilike(applications.number, `%${filter.q.replace(/[%_\\]/g, '')}%`));
  if (filter.mine) where.push(eq(applications.assignedTo, filter.mine));
  return db
    .select()
    .from(applications)
    .where(and(...where))
    .orderBy(asc(applications.deadline))
    .limit(200);
}

/** Open applications per officer: the agency admin's view of workload. */
export async function workload(db: Db, agencies: string[]) {
  if (agencies.length === 0) return [];
  return db
    .select({ name: applications.assignedName, open: count() })
    .from(applications)
    .where(and(inArray(applications.agencyCode, agencies), inArray(applications.status, [...OPEN_STATUSES])))
    .groupBy(applications.assignedName);
}
