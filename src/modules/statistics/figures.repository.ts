import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { addMonths, localMidnightIso, type Period } from './period.ts';

type Query = ReturnType<typeof sql>;
async function rows<T>(db: Db, query: Query): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}
const n = (v: unknown) => Number(v ?? 0);

export interface Filter {
  agency?: string;
  service?: string;
}

/**
 * Rollup levels: `total` has channel and subject type only, `service` service and agency only, `fine`
 * all of them. A query reads the smallest level that holds its key and filter.
 */
type Level = 'total' | 'service' | 'fine';
const LEVELS: Record<Level, { month: Query; day: Query; columns: Query }> = {
  total: {
    month: sql`stat_month_totals`,
    day: sql`stat_day_totals`,
    columns: sql`type, channel, subject_type, count`,
  },
  service: {
    month: sql`stat_month_services`,
    day: sql`stat_day_services`,
    columns: sql`type, service_code, agency_code, count`,
  },
  fine: {
    month: sql`stat_monthly`,
    day: sql`stat_daily`,
    columns: sql`type, service_code, agency_code, channel, subject_type, count`,
  },
};
const filtered = (filter: Filter = {}) => Boolean(filter.agency || filter.service);

/** Whole local months inside the period, and the partial edges before and after them (as days). */
export function splitPeriod(period: Period): { months?: Period; days: Period[] } {
  const firstWhole = period.from.endsWith('-01') ? period.from : addMonths(`${period.from.slice(0, 8)}01`, 1);
  const lastWhole = `${period.to.slice(0, 8)}01`;
  if (firstWhole >= lastWhole) return { days: [period] };
  const days: Period[] = [];
  if (period.from < firstWhole) days.push({ from: period.from, to: firstWhole });
  if (lastWhole < period.to) days.push({ from: lastWhole, to: period.to });
  return { months: { from: firstWhole, to: lastWhole }, days };
}

/**
 * The rollup rows of a period as one relation (t = month or day, then the level's keys and count): whole
 * months from the monthly rollup, only the partial edge months from the daily one, so a year reads ~12
 * rows per key instead of ~365.
 */
function rollupRows(
  level: Level,
  type: string,
  period: Period,
  filter: Filter = {},
  daysOnly = false,
): Query {
  const { month, day, columns } = LEVELS[level];
  const match: Query[] = [sql`type = ${type}`];
  if (filter.agency) match.push(sql`agency_code = ${filter.agency}`);
  if (filter.service) match.push(sql`service_code = ${filter.service}`);
  const cond = sql.join(match, sql` and `);
  const split = daysOnly ? { days: [period] } : splitPeriod(period);
  const parts: Query[] = [];
  if (split.months)
    parts.push(sql`select month as t, ${columns} from ${month}
      where ${cond} and month >= ${split.months.from}::date and month < ${split.months.to}::date`);
  for (const edge of split.days) {
    const thirds = level === 'service' && !daysOnly ? splitThirds(edge) : { days: [edge] };
    if (thirds.parts)
      parts.push(sql`select part as t, ${columns} from stat_part_services
        where ${cond} and part >= ${thirds.parts.from}::date and part < ${thirds.parts.to}::date`);
    for (const days of thirds.days)
      parts.push(sql`select day as t, ${columns} from ${day}
        where ${cond} and day >= ${days.from}::date and day < ${days.to}::date`);
  }
  return sql.join(parts, sql` union all `);
}

/** The first day of a third of a month (1st, 11th, 21st) on or after `date`, or on or before it. */
function thirdBoundary(date: string, after: boolean): string {
  const d = Number(date.slice(8, 10));
  const month = date.slice(0, 8);
  if (after)
    return d === 1 ? date : d <= 11 ? `${month}11` : d <= 21 ? `${month}21` : addMonths(`${month}01`, 1);
  return d >= 21 ? `${month}21` : d >= 11 ? `${month}11` : `${month}01`;
}

/** Days into whole thirds of months (stat_part_services) and the few days around them. */
export function splitThirds(period: Period): { parts?: Period; days: Period[] } {
  const first = thirdBoundary(period.from, true);
  const last = thirdBoundary(period.to, false);
  if (first >= last) return { days: [period] };
  const days: Period[] = [];
  if (period.from < first) days.push({ from: period.from, to: first });
  if (last < period.to) days.push({ from: last, to: period.to });
  return { parts: { from: first, to: last }, days };
}

/** Counts (total, by month or day) need service and agency only when filtered by them. */
const countLevel = (filter?: Filter): Level => (filtered(filter) ? 'service' : 'total');
/** Channel and subject type are in the totals, and with a filter in the fine rollup only. */
const channelLevel = (filter?: Filter): Level => (filtered(filter) ? 'fine' : 'total');

export async function total(db: Db, type: string, period: Period, filter?: Filter): Promise<number> {
  const [row] = await rows<{ s: string }>(
    db,
    sql`select coalesce(sum(count), 0) as s from (${rollupRows(countLevel(filter), type, period, filter)}) r`,
  );
  return n(row?.s);
}

/** Everything up to the end of the period (cumulative certificates and passcodes). */
export function cumulative(db: Db, type: string, to: string): Promise<number> {
  return total(db, type, { from: '1900-01-01', to });
}

export interface Bucket {
  key: string;
  count: number;
}

interface GroupOptions {
  level: Level;
  filter?: Filter;
  limit?: number;
  daysOnly?: boolean;
}

async function grouped(db: Db, key: Query, type: string, period: Period, options: GroupOptions) {
  const source = rollupRows(options.level, type, period, options.filter, options.daysOnly);
  const found = await rows<{ k: string; c: string }>(
    db,
    sql`select ${key} as k, sum(count) as c from (${source}) r group by 1 order by 2 desc, 1 limit ${options.limit ?? 10_000}`,
  );
  return found.map((r): Bucket => ({ key: r.k, count: n(r.c) }));
}

const byKey = (a: Bucket, b: Bucket) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

export async function byMonth(db: Db, type: string, period: Period, filter?: Filter): Promise<Bucket[]> {
  return (
    await grouped(db, sql`to_char(t, 'YYYY-MM')`, type, period, { level: countLevel(filter), filter })
  ).sort(byKey);
}

export async function byDay(db: Db, type: string, period: Period, filter?: Filter): Promise<Bucket[]> {
  return (
    await grouped(db, sql`to_char(t, 'YYYY-MM-DD')`, type, period, {
      level: countLevel(filter),
      filter,
      daysOnly: true,
    })
  ).sort(byKey);
}

export function byChannel(db: Db, period: Period, filter?: Filter): Promise<Bucket[]> {
  return grouped(db, sql`channel`, 'service_use', period, { level: channelLevel(filter), filter });
}

export function bySubjectType(db: Db, period: Period): Promise<Bucket[]> {
  return grouped(db, sql`subject_type`, 'certificate_issued', period, { level: 'total' });
}

export function topAgencies(db: Db, period: Period, limit: number): Promise<Bucket[]> {
  return grouped(db, sql`agency_code`, 'service_use', period, { level: 'service', limit });
}

export async function topServices(db: Db, period: Period, limit: number, filter?: Filter, offset = 0) {
  const found = await rows<{ s: string; a: string; c: string }>(
    db,
    sql`select service_code as s, agency_code as a, sum(count) as c from (${rollupRows('service', 'service_use', period, filter)}) r
      group by 1, 2 order by 3 desc, 1 limit ${limit} offset ${offset}`,
  );
  return found.map((r) => ({ code: r.s, agency: r.a, count: n(r.c) }));
}

/** Exact distinct users of services in whole local months (the monthly rollup's 'service_user' rows). */
export async function usersByMonth(db: Db, period: Period): Promise<Bucket[]> {
  const months = splitPeriod(period).months;
  if (!months) return [];
  const found = await rows<{ k: string; c: string }>(
    db,
    sql`select to_char(month, 'YYYY-MM') as k, count as c from stat_month_totals
      where type = 'service_user' and month >= ${months.from}::date and month < ${months.to}::date order by 1`,
  );
  return found.map((r): Bucket => ({ key: r.k, count: n(r.c) }));
}

/**
 * Exact distinct pseudonymous users of services in the period (the report, open data; not live pages):
 * whole months from stat_user_months, only the partial edge days from raw events (their partitions).
 */
export async function distinctUsers(db: Db, period: Period, timeZone: string): Promise<number> {
  const split = splitPeriod(period);
  const parts: Query[] = [];
  if (split.months)
    parts.push(sql`select user_key from stat_user_months
      where month >= ${split.months.from}::date and month < ${split.months.to}::date`);
  for (const edge of split.days)
    parts.push(sql`select user_key from stat_events where type = 'service_use' and user_key is not null
      and at >= ${localMidnightIso(edge.from, timeZone)}::timestamptz and at < ${localMidnightIso(edge.to, timeZone)}::timestamptz`);
  const [row] = await rows<{ c: string }>(
    db,
    sql`select count(distinct user_key) as c from (${sql.join(parts, sql` union all `)}) u`,
  );
  return n(row?.c);
}

export interface Names {
  agencies: Map<string, Record<string, string>>;
  services: Map<string, { agency: string; name: Record<string, string> }>;
}

/** The catalogue's names (read only) to label codes. */
export async function catalogueNames(db: Db): Promise<Names> {
  const agencies = await rows<{ code: string; name: Record<string, string> }>(
    db,
    sql`select code, name from catalogue_agencies`,
  );
  const services = await rows<{ code: string; agency_code: string; name: Record<string, string> }>(
    db,
    sql`select code, agency_code, name from catalogue_services`,
  );
  return {
    agencies: new Map(agencies.map((a) => [a.code, a.name])),
    services: new Map(services.map((s) => [s.code, { agency: s.agency_code, name: s.name }])),
  };
}
