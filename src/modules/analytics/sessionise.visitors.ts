import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';

// Statements both paths of a chunk share, each given where the chunk's rows are.

/**
 * Upserts the chunk's visitors (a source of visitor_key, first_at) into web_visitors and keeps in
 * web_chunk_firsts those whose first pageview the chunk set (new) or moved earlier (moved): only their
 * visits can be new, so the visits are never joined with every visitor there is.
 */
export async function upsertVisitors(tx: Tx, source: SQL, tz: string): Promise<void> {
  await tx.execute(sql`create temporary table web_chunk_firsts (visitor_key text collate "C",
    first_at timestamptz, moved boolean) on commit drop`);
  // Every part of one statement reads the table as it was before it: the outer query still sees a
  // moved visitor's previous first pageview, whose visit is new no more.
  await tx.execute(sql`with upserted as (
      insert into web_visitors (visitor_key, first_at)
      select visitor_key, first_at from ${source} as s
      on conflict (visitor_key) do update set first_at = excluded.first_at
      where excluded.first_at < web_visitors.first_at
      returning visitor_key, first_at, xmax <> 0 as moved),
    kept as (insert into web_chunk_firsts select * from upserted)
    ${flipFirstVisits(
      sql`(select u.visitor_key, w.first_at as was from upserted u
      join web_visitors w on w.visitor_key = u.visitor_key where u.moved)`,
      tz,
    )}`);
}

/**
 * Marks no longer new the visits that started at a visitor's former first pageview (a source of
 * visitor_key and was, the former first_at), and takes them from their days' new visits (nothing else of
 * a day depends on is_new; an import at random times moves visitors in every chunk, and rebuilding their
 * days read every visit of them). The visit is found by its day and visitor, as every lookup of
 * web_visits is: it has no index by visitor alone (ADR 0007).
 */
export function flipFirstVisits(former: SQL, tz: string): SQL {
  return sql`, flipped as (
      update web_visits v set is_new = false from ${former} as f
      where v.local_date = (f.was at time zone ${tz})::date and v.visitor_key = f.visitor_key
        and v.started_at = f.was and v.is_new
      returning v.local_date)
    update web_daily d set new_visits = d.new_visits - x.n
    from (select local_date, count(*) as n from flipped group by local_date) x
    where d.local_date = x.local_date`;
}

/**
 * Marks dirty the chunk's visitor-days (a source of visitor_key, local_date on days that have visits)
 * that already had visits: rebuildVisits rebuilds them from all their pageviews.
 * The lateral subquery with its limit is a probe of the index per visitor-day: as an exists, without
 * statistics on a temporary table, the planner hashed every stored visit instead (20 times slower).
 */
export async function markStoredVisitorDays(tx: Tx, source: SQL): Promise<void> {
  await tx.execute(sql`insert into web_dirty_visitor_days (visitor_key, local_date)
    select distinct c.visitor_key, c.local_date from ${source} as c
    cross join lateral (select 1 from web_visits v
                        where v.local_date = c.local_date and v.visitor_key = c.visitor_key limit 1) as visited
    on conflict do nothing`);
}

/**
 * Adds rows of web_daily's counted columns (local_date, visits, visit_pageviews, duration_micros,
 * new_visits, users) to their days: a chunk's figures, or the difference a rebuild makes.
 */
export function addToDays(rows: SQL): SQL {
  return sql`insert into web_daily (local_date, visits, visit_pageviews, duration_micros, new_visits, users)
    ${rows}
    on conflict (local_date) do update set visits = web_daily.visits + excluded.visits,
      visit_pageviews = web_daily.visit_pageviews + excluded.visit_pageviews,
      duration_micros = web_daily.duration_micros + excluded.duration_micros,
      new_visits = web_daily.new_visits + excluded.new_visits, users = web_daily.users + excluded.users`;
}
