import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import type { Period } from './period.ts';

type Query = ReturnType<typeof sql>;
async function rows<T>(db: Db, query: Query): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}
const n = (v: unknown) => Number(v ?? 0);

export interface Filter {
  agency?: string;
  service?: string;
}

function where(type: string, period: Period, filter: Filter = {}): Query {
  const parts = [sql`type = ${type}`, sql`day >= ${period.from}::date`, sql`day < ${period.to}::date`];
  if (filter.agency) parts.push(sql`agency_code = ${filter.agency}`);
  if (filter.service) parts.push(sql`service_code = ${filter.service}`);
  return sql.join(parts, sql` and `);
}

export async function total(db: Db, type: string, period: Period, filter?: Filter): Promise<number> {
  const [row] = await rows<{ s: string }>(
    db,
    sql`select coalesce(sum(count), 0) as s from stat_daily where ${where(type, period, filter)}`,
  );
  return n(row?.s);
}

/** Everything up to the end of the period (cumulative certificates and passcodes). */
export async function cumulative(db: Db, type: string, to: string): Promise<number> {
  const [row] = await rows<{ s: string }>(
    db,
    sql`select coalesce(sum(count), 0) as s from stat_daily where type = ${type} and day < ${to}::date`,
  );
  return n(row?.s);
}

export interface Bucket {
  key: string;
  count: number;
}

async function grouped(db: Db, key: Query, type: string, period: Period, filter?: Filter, limit = 10_000) {
  const found = await rows<{ k: string; c: string }>(
    db,
    sql`select ${key} as k, sum(count) as c from stat_daily where ${where(type, period, filter)}
      group by 1 order by 2 desc, 1 limit ${limit}`,
  );
  return found.map((r): Bucket => ({ key: r.k, count: n(r.c) }));
}

const byKey = (a: Bucket, b: Bucket) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

export async function byMonth(db: Db, type: string, period: Period, filter?: Filter): Promise<Bucket[]> {
  return (await grouped(db, sql`to_char(day, 'YYYY-MM')`, type, period, filter)).sort(byKey);
}

export async function byDay(db: Db, type: string, period: Period, filter?: Filter): Promise<Bucket[]> {
  return (await grouped(db, sql`to_char(day, 'YYYY-MM-DD')`, type, period, filter)).sort(byKey);
}

export function byChannel(db: Db, period: Period, filter?: Filter): Promise<Bucket[]> {
  return grouped(db, sql`channel`, 'service_use', period, filter);
}

export function bySubjectType(db: Db, period: Period): Promise<Bucket[]> {
  return grouped(db, sql`subject_type`, 'certificate_issued', period);
}

export function topAgencies(db: Db, period: Period, limit: number): Promise<Bucket[]> {
  return grouped(db, sql`agency_code`, 'service_use', period, {}, limit);
}

export async function topServices(db: Db, period: Period, limit: number, filter?: Filter, offset = 0) {
  const found = await rows<{ s: string; a: string; c: string }>(
    db,
    sql`select service_code as s, agency_code as a, sum(count) as c from stat_daily
      where ${where('service_use', period, filter)} group by 1, 2 order by 3 desc, 1 limit ${limit} offset ${offset}`,
  );
  return found.map((r) => ({ code: r.s, agency: r.a, count: n(r.c) }));
}

/** Exact distinct pseudonymous users of services: reads raw events (the report, open data), not pages. */
export async function distinctUsers(db: Db, from: Date, to: Date): Promise<number> {
  const [row] = await rows<{ c: string }>(
    db,
    sql`select count(distinct user_key) as c from stat_events
      where type = 'service_use' and at >= ${from.toISOString()} and at < ${to.toISOString()} and user_key is not null`,
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
