import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import type { Period } from './period.ts';

/** The figures the statistics report publishes for the web (definitions in docs/analytics.md). */
export interface WebFigures {
  users: number;
  visits: number;
  pageviews: number;
  avgSessionSeconds: number;
  newVisits: number;
  /** newVisits / visits, 0..1. */
  newVisitShare: number;
  /** Users whose first visit ever is in the period (equal to newVisits by definition). */
  newUsers: number;
}

export interface WebOverview extends WebFigures {
  /** True when `users` is an estimate (live page, very long period); reports always count exactly. */
  usersEstimated: boolean;
  newUserShare: number;
  pagesPerVisit: number;
  /** Engaged milliseconds per visit that reported engagement (JavaScript on). */
  avgEngagedSeconds: number;
  engagedVisits: number;
  anonymousPageviews: number;
  excludedRequests: number;
}

/** Above this many visits in the period, the live page estimates users from a 1/16 sample of keys. */
export const LIVE_EXACT_USERS_LIMIT = 2_000_000;
const BUCKETS = 16;

async function rows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

const num = (value: unknown) => Number(value ?? 0);
const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
const inPeriod = (period: Period) =>
  sql`local_date >= ${period.from}::date and local_date < ${period.to}::date`;

async function dailySums(db: Db, period: Period) {
  const [row] = await rows<Record<string, string | null>>(
    db,
    sql`select sum(visits) as visits, sum(visit_pageviews) as visit_pageviews, sum(duration_micros) / 1e6 as duration,
        sum(new_visits) as new_visits, sum(engaged_ms) as engaged_ms, sum(engaged_visits) as engaged_visits
      from web_daily where ${inPeriod(period)}`,
  );
  const [pv] = await rows<Record<string, string | null>>(
    db,
    sql`select sum(pageviews) filter (where dimension = 'total') as total,
        sum(pageviews) filter (where dimension = 'anonymous') as anonymous
      from web_daily_dims where ${inPeriod(period)} and dimension in ('total', 'anonymous')`,
  );
  return {
    visits: num(row?.visits),
    visitPageviews: num(row?.visit_pageviews),
    durationSeconds: num(row?.duration),
    newVisits: num(row?.new_visits),
    engagedMs: num(row?.engaged_ms),
    engagedVisits: num(row?.engaged_visits),
    pageviews: num(pv?.total),
    anonymousPageviews: num(pv?.anonymous),
  };
}

/** Distinct visitor keys with a visit in the period (visits never cross a local date, so this is exact). */
export async function countUsers(db: Db, period: Period, estimate = false): Promise<number> {
  if (estimate) {
    const [row] = await rows<{ n: string }>(
      db,
      sql`select count(distinct visitor_key) as n from web_visits where key_bucket = 0 and ${inPeriod(period)}`,
    );
    return num(row?.n) * BUCKETS;
  }
  const [row] = await rows<{ n: string }>(
    db,
    sql`select count(distinct visitor_key) as n from web_visits where ${inPeriod(period)}`,
  );
  return num(row?.n);
}

/** For the statistics report: exact figures of a period of local dates [from, to). */
export async function webFigures(db: Db, period: Period): Promise<WebFigures> {
  const sums = await dailySums(db, period);
  const users = await countUsers(db, period);
  return {
    users,
    visits: sums.visits,
    pageviews: sums.pageviews,
    avgSessionSeconds: ratio(sums.durationSeconds, sums.visits),
    newVisits: sums.newVisits,
    newVisitShare: ratio(sums.newVisits, sums.visits),
    newUsers: sums.newVisits,
  };
}

export async function webOverview(db: Db, period: Period): Promise<WebOverview> {
  const sums = await dailySums(db, period);
  const usersEstimated = sums.visits > LIVE_EXACT_USERS_LIMIT;
  const users = Math.max(await countUsers(db, period, usersEstimated), usersEstimated ? sums.newVisits : 0);
  const [excluded] = await rows<{ n: string | null }>(
    db,
    sql`select sum(requests) as n from web_excluded where ${inPeriod(period)}`,
  );
  return {
    users,
    usersEstimated,
    visits: sums.visits,
    pageviews: sums.pageviews,
    avgSessionSeconds: ratio(sums.durationSeconds, sums.visits),
    newVisits: sums.newVisits,
    newVisitShare: ratio(sums.newVisits, sums.visits),
    newUsers: sums.newVisits,
    newUserShare: Math.min(1, ratio(sums.newVisits, users)),
    pagesPerVisit: ratio(sums.visitPageviews, sums.visits),
    avgEngagedSeconds: ratio(sums.engagedMs / 1000, sums.engagedVisits),
    engagedVisits: sums.engagedVisits,
    anonymousPageviews: sums.anonymousPageviews,
    excludedRequests: num(excluded?.n),
  };
}

export interface DailyRow {
  date: string;
  users: number;
  visits: number;
  pageviews: number;
  newVisits: number;
  avgSessionSeconds: number;
}

/** Per local day; `users` is per day (a person on two days counts on both). */
export async function dailySeries(db: Db, period: Period): Promise<DailyRow[]> {
  const result = await rows<Record<string, string>>(
    db,
    sql`select to_char(d.day, 'YYYY-MM-DD') as date, coalesce(w.users, 0) as users, coalesce(w.visits, 0) as visits,
        coalesce(p.pageviews, 0) as pageviews, coalesce(w.new_visits, 0) as new_visits,
        coalesce(w.duration_micros, 0) / 1e6 as duration
      from generate_series(${period.from}::date, ${period.to}::date - 1, interval '1 day') as d(day)
      left join web_daily w on w.local_date = d.day::date
      left join web_daily_dims p on p.local_date = d.day::date and p.dimension = 'total' and p.value = ''
      order by d.day`,
  );
  return result.map((r) => ({
    date: r.date as string,
    users: num(r.users),
    visits: num(r.visits),
    pageviews: num(r.pageviews),
    newVisits: num(r.new_visits),
    avgSessionSeconds: ratio(num(r.duration), num(r.visits)),
  }));
}

export const DIMENSIONS = ['device', 'lang', 'page_type', 'service', 'agency', 'page', 'referrer'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface DimensionRow {
  value: string;
  pageviews: number;
  /** Visits that included the value; for `page` and `referrer`, visits that entered with it. */
  visits: number;
}

export async function dimensionTop(
  db: Db,
  period: Period,
  dimension: Dimension,
  limit = 20,
): Promise<DimensionRow[]> {
  const result = await rows<Record<string, string>>(
    db,
    sql`select value, sum(pageviews) as pageviews, sum(visits) as visits
      from web_daily_dims where dimension = ${dimension} and ${inPeriod(period)}
      group by value order by sum(pageviews) desc, sum(visits) desc, value limit ${limit}`,
  );
  return result.map((r) => ({
    value: r.value as string,
    pageviews: num(r.pageviews),
    visits: num(r.visits),
  }));
}

export async function excludedByReason(
  db: Db,
  period: Period,
): Promise<{ reason: string; requests: number }[]> {
  const result = await rows<Record<string, string>>(
    db,
    sql`select reason, sum(requests) as requests from web_excluded where ${inPeriod(period)}
      group by reason order by reason`,
  );
  return result.map((r) => ({ reason: r.reason as string, requests: num(r.requests) }));
}
