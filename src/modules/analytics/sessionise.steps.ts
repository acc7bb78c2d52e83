import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { pgClientOf } from '../../platform/db/copy.ts';
import { VISIT_GAP_MS } from './period.ts';
import { fetchChunk, storeChunk } from './sessionise.copy.ts';
import { type ChunkRows, cutChunk } from './sessionise.cut.ts';
import type { KnownVisitors } from './sessionise.known.ts';
import { addToDays, markStoredVisitorDays, upsertVisitors } from './sessionise.visitors.ts';

// Literals, as before, so that plans do not change with a parameter.
const GAP = sql.raw(`interval '${VISIT_GAP_MS / 60_000} minutes'`);
const CAP = sql.raw(String(VISIT_GAP_MS));

// The statements of one sessionising chunk. Visits never cross a local date, so each visitor-day is
// sessionised on its own: from the chunk's rows alone when the visitor-day is new (the bulk case, one
// sort, no lookups), from all its stored pageviews when it had visits before (late or linked views).

async function rows<T>(tx: Tx, query: SQL): Promise<T[]> {
  return ((await tx.execute(query)) as unknown as { rows: T[] }).rows;
}

/**
 * Visits, without is_new, from a source of pageviews with columns (visitor_key, local_date, id, at, device,
 * lang, referrer_host, path, page_type, service_code, agency_code): a window marks where a gap of more
 * than 30 minutes starts a visit, a running sum numbers the visits, a group by builds them. One sort:
 * the group by reuses the window's order.
 */
function visitsFrom(source: SQL): SQL {
  return sql`select s.visitor_key, s.local_date, min(s.at) as started_at, max(s.at) as ended_at,
      count(*) as pageviews,
      max(case when s.boundary = 1 then s.device end) as device, max(case when s.boundary = 1 then s.lang end) as lang,
      max(case when s.boundary = 1 then s.referrer_host end) as referrer_host,
      max(case when s.boundary = 1 then s.path end) as entry_path,
      array_agg(s.page_type) as page_types,
      coalesce(array_agg(s.service_code) filter (where s.service_code is not null), '{}') as service_codes,
      coalesce(array_agg(s.agency_code) filter (where s.agency_code is not null), '{}') as agency_codes
    from (
      select m.*, sum(m.boundary) over (partition by m.visitor_key, m.local_date order by m.at, m.id
                                         rows unbounded preceding) as n
      from (
        select p.*, case when lag(p.at) over w is null or p.at - lag(p.at) over w > ${GAP}
                         then 1 else 0 end as boundary
        from (${source}) p
        window w as (partition by p.visitor_key, p.local_date order by p.at, p.id)
      ) m
    ) s
    group by s.visitor_key, s.local_date, s.n`;
}

/** Stores visits from a query of visitsFrom's columns and is_new. */
function insertVisits(visits: SQL): SQL {
  return sql`insert into web_visits (visitor_key, local_date, started_at, ended_at, pageviews, is_new,
      device, lang, referrer_host, entry_path, page_types, service_codes, agency_codes)
    select c.visitor_key, c.local_date, c.started_at, c.ended_at, c.pageviews, c.is_new,
      c.device, c.lang, c.referrer_host, c.entry_path, c.page_types, c.service_codes, c.agency_codes
    from (${visits}) c`;
}

/** A visit is new when it starts at the visitor's first pageview. */
function withIsNew(visits: SQL): SQL {
  return sql`select c.*, c.started_at = w.first_at as is_new
    from (${visits}) c join web_visitors w on w.visitor_key = c.visitor_key`;
}

const COLUMNS = sql.raw(
  'p.id, p.at, p.device, p.lang, p.referrer_host, p.path, p.page_type, p.service_code, p.agency_code',
);

/**
 * Adds the chunk's pageviews per day and dimension; returns how many pageviews there were. One hashed
 * group by all the columns first: a day has far fewer combinations than pageviews, and the grouping
 * sets then hash those instead of sorting every pageview (half the time at the reference's density).
 */
async function addPageviewCounts(tx: Tx, inChunk: SQL, tz: string): Promise<number> {
  const [total] = await rows<{ n: string | null }>(
    tx,
    sql`with counts as (
      select d,
        case when grouping(page_type) = 0 then 'page_type' when grouping(service_code) = 0 then 'service'
             when grouping(agency_code) = 0 then 'agency' when grouping(path) = 0 then 'page'
             when grouping(lang) = 0 then 'lang' when grouping(device) = 0 then 'device'
             when grouping(referrer_host) = 0 then 'referrer' when grouping(anonymous) = 0 then 'anonymous'
             else 'total' end as dim,
        case when grouping(page_type) = 0 then page_type when grouping(service_code) = 0 then service_code
             when grouping(agency_code) = 0 then agency_code when grouping(path) = 0 then path
             when grouping(lang) = 0 then lang when grouping(device) = 0 then device
             when grouping(referrer_host) = 0 then referrer_host
             when grouping(anonymous) = 0 then (case when anonymous then '' end) else '' end as value,
        sum(n) as n
      from (select (at at time zone ${tz})::date as d, page_type, service_code, agency_code, path, lang, device,
                   referrer_host, visitor_key is null as anonymous, count(*) as n
            from web_pageviews where ${inChunk} group by 1, 2, 3, 4, 5, 6, 7, 8, 9) p
      group by grouping sets ((d), (d, page_type), (d, service_code), (d, agency_code), (d, path), (d, lang),
                              (d, device), (d, referrer_host), (d, anonymous))
    ), added as (
      insert into web_daily_dims (local_date, dimension, value, pageviews)
      select d, dim, value, n from counts where value is not null
      on conflict (local_date, dimension, value) do update set pageviews = web_daily_dims.pageviews + excluded.pageviews)
    select sum(n) as n from counts where dim = 'total'`,
  );
  return Number(total?.n ?? 0);
}

/**
 * Visits per day and dimension value (a visit counts once per value it included) from a query of
 * web_visits' columns.
 */
function visitCounts(visits: SQL): SQL {
  return sql`select v.local_date, x.dimension, x.value, count(*) as visits
    from (${visits}) v cross join lateral (
      select 'device', v.device union all select 'lang', v.lang union all select 'referrer', v.referrer_host
      union all select 'page', v.entry_path
      union all select distinct 'page_type', unnest(v.page_types)
      union all select distinct 'service', unnest(v.service_codes)
      union all select distinct 'agency', unnest(v.agency_codes)
    ) as x(dimension, value)
    where x.value is not null
    group by v.local_date, x.dimension, x.value`;
}

/** How a chunk is sessionised. */
export interface ChunkOptions {
  /** SessioniseOptions.inProcess, its default applied. */
  inProcess: boolean;
  /** The chunk's rows read ahead on another connection, after its link update (linkChunk). */
  rows?: ChunkRows;
  /** Visitors this run has stored (the process's path reads and adds to them). */
  known: KnownVisitors;
  /** Called once the chunk's rows are in the process: the next chunk can be read ahead from then on. */
  onRead?: () => void;
}

/** A browser linked earlier keeps sending its vid when logged out: those views are the account's too. */
export function linkChunk(from: number, to: number): string {
  return `update web_pageviews p set visitor_key = l.user_key from web_visitor_links l
    where p.id > ${Math.trunc(from)} and p.id <= ${Math.trunc(to)} and p.visitor_key = l.visitor_key and l.applied`;
}

/**
 * The SQL path (PGlite, the portal's minute job): the chunk's visits are built once in
 * web_chunk_visits, from which come the visitors, the dirty visitor-days and the stored visits, added to
 * their days' figures as the process's path adds them: all of them, those of dirty visitor-days too,
 * which rebuildVisits then replaces by the difference. (Marking the chunk's days dirty instead rebuilt
 * them from all their visits in every chunk, which grows with the days' visits.)
 */
async function addChunkInSql(
  tx: Tx,
  from: number,
  to: number,
  tz: string,
): Promise<{ pageviews: number; days: string[] }> {
  const pageviews = await addPageviewCounts(tx, sql`id > ${from} and id <= ${to}`, tz);
  await tx.execute(
    sql`create temporary table web_chunk_visits on commit drop as ${visitsFrom(
      sql`select p.visitor_key, (p.at at time zone ${tz})::date as local_date, ${COLUMNS}
      from web_pageviews p where p.id > ${from} and p.id <= ${to} and p.visitor_key is not null`,
    )} order by visitor_key, local_date`,
  );
  await upsertVisitors(
    tx,
    sql`(select visitor_key, min(started_at) as first_at from web_chunk_visits group by visitor_key)`,
    tz,
  );
  await markStoredVisitorDays(
    tx,
    sql`(select visitor_key, local_date from web_chunk_visits
         where local_date in (select local_date from web_daily))`,
  );
  await tx.execute(sql`with added as (${insertVisits(
    sql`select c.*, coalesce(c.started_at = f.first_at, false) as is_new from web_chunk_visits c
      left join web_chunk_firsts f on f.visitor_key = c.visitor_key`,
  )} returning *)
    ${changeFigures(sql`added`, 1, true)}`);
  const days = await rows<{ d: string }>(
    tx,
    sql`select distinct local_date::text as d from web_chunk_visits order by 1`,
  );
  return { pageviews, days: days.map((r) => r.d) };
}

/**
 * Sessionises the pageviews with ids in (from, to]; returns how many there were and the local dates
 * of their visits (whose daily figures rebuildDays rebuilds).
 */
export async function addChunk(
  tx: Tx,
  from: number,
  to: number,
  tz: string,
  options: ChunkOptions,
): Promise<{ pageviews: number; days: string[] }> {
  if (to <= from) return { pageviews: 0, days: [] };
  if (!options.rows) await tx.execute(sql.raw(linkChunk(from, to)));
  const client = options.inProcess ? pgClientOf(tx) : null;
  if (!client) return addChunkInSql(tx, from, to, tz);
  const rows = options.rows ?? (await cutChunk(fetchChunk(client, from, to, tz)));
  options.onRead?.();
  await storeChunk(tx, client, rows, tz, options.known);
  return { pageviews: rows.pageviews, days: rows.days };
}

/**
 * Rebuilds the visits of every dirty visitor-day from all its stored pageviews, and changes their days'
 * figures by the difference: the visits it deletes are taken away, those it builds added, and each such
 * visitor-day, which its chunk counted as a user again, counts once. Rebuilding the whole days instead
 * read every visit of them, and an import at random times has such visitor-days on every day in every
 * chunk: its days' visit counts took 27 s of 7 chunks of a 23-million-event import, growing with each.
 */
export async function rebuildVisits(tx: Tx, tz: string): Promise<void> {
  const [dirty] = await rows<{ any: boolean }>(
    tx,
    sql`select exists (select 1 from web_dirty_visitor_days) as any`,
  );
  if (!dirty?.any) return;
  await tx.execute(sql`update web_daily d set users = d.users - x.n
    from (select local_date, count(*) as n from web_dirty_visitor_days group by local_date) x
    where d.local_date = x.local_date`);
  await tx.execute(sql`with gone as (
      delete from web_visits v using web_dirty_visitor_days d
      where v.visitor_key = d.visitor_key and v.local_date = d.local_date returning v.*)
    ${changeFigures(sql`gone`, -1)}`);
  await tx.execute(sql`with added as (${insertVisits(
    withIsNew(
      visitsFrom(sql`select d.visitor_key, d.local_date, ${COLUMNS}
        from web_dirty_visitor_days d
        join web_pageviews p on p.visitor_key = d.visitor_key
          and p.at >= (d.local_date::timestamp at time zone ${tz})
          and p.at < ((d.local_date + 1)::timestamp at time zone ${tz})`),
    ),
  )} returning *)
    ${changeFigures(sql`added`, 1)}`);
  // No visit elsewhere needs flipping: first_at moves only in the chunk's upsert and in applyLinks,
  // which flip the former first visit themselves.
  await tx.execute(sql`delete from web_dirty_visitor_days`);
}

/**
 * The end of a statement whose WITH names `visits` (rows of web_visits, deleted or inserted by it): adds
 * them to (sign 1) or takes them from (-1) their days' figures and their visit counts per dimension.
 * `users`: each visitor-day among them is a new user of its day (a chunk's visits), else users stay.
 */
function changeFigures(visits: SQL, sign: 1 | -1, users = false): SQL {
  const by = sql.raw(String(sign));
  return sql`, daily as (${addToDays(
    sql`select local_date, ${by} * v, ${by} * p, ${by} * m, ${by} * n, ${users ? sql`u` : sql`0`}
      from (${dailyFigures(visits)}) f(local_date, v, p, m, n, u)`,
  )})
    insert into web_daily_dims (local_date, dimension, value, visits)
    select local_date, dimension, value, ${by} * visits from (${visitCounts(sql`select * from ${visits}`)}) c
    on conflict (local_date, dimension, value) do update set visits = web_daily_dims.visits + excluded.visits`;
}

/** A day's figures (web_daily's columns but engagement) from a source of visits. */
function dailyFigures(visits: SQL): SQL {
  return sql`select local_date, count(*), sum(pageviews),
      coalesce(sum(extract(epoch from ended_at - started_at) * 1000000), 0)::bigint,
      count(*) filter (where is_new), count(distinct visitor_key)
    from ${visits} group by local_date`;
}

/**
 * Rebuilds the daily figures and the visit counts per dimension of every dirty day from its visits,
 * and the engaged time of those days and of the chunk's days (which addChunk added to).
 */
export async function rebuildDays(tx: Tx, chunkDays: string[]): Promise<void> {
  const dirty = sql`(select local_date from web_dirty_days)`;
  const days = sql`(select local_date from web_dirty_days union select unnest(${sql.param(chunkDays)}::date[]))`;
  await tx.execute(sql`delete from web_daily where local_date in ${dirty}`);
  await tx.execute(sql`insert into web_daily (local_date, visits, visit_pageviews, duration_micros, new_visits, users)
    ${dailyFigures(sql`(select * from web_visits where local_date in ${dirty}) v`)}`);
  // Engaged time per pageview is capped at the visit gap, however many beacons claimed it.
  await tx.execute(sql`update web_daily d set engaged_ms = e.ms, engaged_visits = e.visits from (
      select v.local_date, sum(p.ms) as ms, count(distinct (v.visitor_key, v.started_at)) as visits
      from (select visitor_key, pageview_at, least(sum(engaged_ms), ${CAP}) as ms from web_engagement
            where pageview_at >= (select min(local_date) from ${days} d) - interval '1 day'
              and pageview_at < (select max(local_date) from ${days} d) + interval '2 days'
            group by visitor_key, pageview_at) p
      join web_visits v on v.visitor_key = p.visitor_key
        and p.pageview_at >= v.started_at and p.pageview_at <= v.ended_at
      where v.local_date in ${days} group by v.local_date) e
    where d.local_date = e.local_date`);
  await tx.execute(sql`update web_daily_dims set visits = 0 where local_date in ${dirty} and visits <> 0`);
  await tx.execute(sql`insert into web_daily_dims (local_date, dimension, value, visits)
    ${visitCounts(sql`select * from web_visits where local_date in ${dirty}`)}
    on conflict (local_date, dimension, value) do update set visits = excluded.visits`);
  await tx.execute(sql`delete from web_dirty_days`);
}
