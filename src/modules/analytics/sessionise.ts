import { sql } from 'drizzle-orm';
import type pg from 'pg';
import type { Db, Tx } from '../../platform/db/client.ts';
import { pgPoolOf } from '../../platform/db/copy.ts';
import { bulkWorkMem } from '../../platform/db/work-mem.ts';
import { fetchChunk } from './sessionise.copy.ts';
import { type ChunkRows, cutChunk } from './sessionise.cut.ts';
import { KnownVisitors } from './sessionise.known.ts';
import { addChunk, linkChunk, rebuildDays, rebuildVisits } from './sessionise.steps.ts';
import { flipFirstVisits } from './sessionise.visitors.ts';

// Serialises sessionising runs across processes; any constant shared by all of them.
const SESSIONISE_LOCK = 7_318_020;

export interface SessioniseOptions {
  /** Local time of visits and days (config.timeZone). */
  timeZone: string;
  /** Pageviews per transaction at most (a chunk may end at an earlier local midnight: chunkEnd). */
  chunkSize?: number;
  /** On PostgreSQL, cut visits and count in this process (the default) rather than in SQL; same figures. */
  inProcess?: boolean;
}

export interface SessioniseReport {
  pageviews: number;
  chunks: number;
  /** Chunks whose pageviews were read on another connection while the chunk before them was stored. */
  readAhead: number;
  reset: boolean;
}

interface StateRow extends Record<string, unknown> {
  last_pageview_id: string | number;
  last_engagement_id: string | number;
  time_zone: string | null;
}

async function rows<T>(db: Db | Tx, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * The highest ids that are safe as a watermark: under a SHARE lock no insert is in flight, so every id
 * up to the maximum is committed (or never will be). Without it a slow transaction's smaller id could
 * commit after the watermark passed it and never be counted.
 */
async function highWater(db: Db): Promise<{ pageview: number; engagement: number }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`lock table web_pageviews, web_engagement in share mode`);
    const [row] = await rows<{ p: string; e: string }>(
      tx,
      sql`select (select coalesce(max(id), 0) from web_pageviews) as p,
                 (select coalesce(max(id), 0) from web_engagement) as e`,
    );
    return { pageview: Number(row?.p ?? 0), engagement: Number(row?.e ?? 0) };
  });
}

/** Forgets all derived data so the next run rebuilds it from the raw pageviews (e.g. a new time zone). */
export async function resetSessions(db: Db | Tx, timeZone: string): Promise<void> {
  await db.execute(sql`truncate web_visits, web_visitors, web_daily, web_daily_dims,
    web_dirty_days, web_dirty_visitor_days`);
  await db.execute(sql`insert into web_state (id, last_pageview_id, last_engagement_id, time_zone)
    values (1, 0, 0, ${timeZone})
    on conflict (id) do update set last_pageview_id = 0, last_engagement_id = 0, time_zone = ${timeZone}`);
}

async function lockedState(tx: Tx, timeZone: string): Promise<{ state: StateRow; reset: boolean }> {
  await tx.execute(sql`select pg_advisory_xact_lock(${SESSIONISE_LOCK})`);
  await tx.execute(
    sql`insert into web_state (id, time_zone) values (1, ${timeZone}) on conflict (id) do nothing`,
  );
  let [state] = await rows<StateRow>(
    tx,
    sql`select last_pageview_id, last_engagement_id, time_zone from web_state where id = 1 for update`,
  );
  if (state && state.time_zone === timeZone) return { state, reset: false };
  await resetSessions(tx, timeZone);
  [state] = await rows<StateRow>(
    tx,
    sql`select last_pageview_id, last_engagement_id, time_zone from web_state where id = 1`,
  );
  return { state: state as StateRow, reset: true };
}

/**
 * Where the chunk after `from` ends: `size` pageviews on, or earlier, at the last local midnight before
 * that, when the chunk keeps at least half of them. Ids follow time for live views and for imports in time
 * order: a chunk that ends with a day leaves the next one no visitor-day to rebuild (rebuilding the day at
 * the boundary cost about a fifth of a chunk). Pageviews in another order only lose a few rows a chunk.
 */
async function chunkEnd(db: Db | Tx, from: number, size: number, high: number, tz: string): Promise<number> {
  const to = Math.min(from + size, Math.max(high, from));
  if (to >= high) return to;
  const [row] = await rows<{ id: string }>(
    db,
    sql`select p.id::text as id from web_pageviews p
      where p.id > ${from + Math.floor(size / 2)} and p.id <= ${to}
        and p.at < (select ((n.at at time zone ${tz})::date)::timestamp at time zone ${tz}
                    from web_pageviews n where n.id > ${to} order by n.id limit 1)
      order by p.id desc limit 1`,
  );
  return row ? Number(row.id) : to;
}

/** A chunk being read on another connection while the transaction before it works. */
interface Ahead {
  from: number;
  /** Undefined when reading failed: the chunk's own transaction then reads it (the same rows). */
  read: Promise<{ to: number; rows: ChunkRows } | undefined>;
}

/**
 * Finds where the chunk ends, applies the links to its pageviews (committed at once: it only gives them
 * the account's key, which the chunk's transaction would do too; ADR 0006), copies them out and cuts their
 * visits. On 2 cores this overlaps the process's work on the next chunk with the database's on this one.
 */
function readAhead(pool: pg.Pool, end: Promise<number>, from: number, tz: string): Ahead {
  const read = (async () => {
    const to = await end;
    const client = await pool.connect();
    try {
      await client.query(linkChunk(from, to));
      const rows = await cutChunk(fetchChunk(client, from, to, tz));
      client.release();
      return { to, rows };
    } catch (error) {
      // A COPY may have been left half read: the connection is closed rather than pooled.
      client.release(true);
      throw error;
    }
  })().catch(() => undefined);
  return { from, read };
}

/**
 * Turns the pageviews recorded since the watermark into visits and daily figures, one transaction per
 * chunk, each moving the watermark; safe to run from several processes at once.
 */
export async function sessionise(db: Db, options: SessioniseOptions): Promise<SessioniseReport> {
  const chunkSize = options.chunkSize ?? 500_000;
  const tz = options.timeZone;
  const high = await highWater(db);
  const report: SessioniseReport = { pageviews: 0, chunks: 0, readAhead: 0, reset: false };
  const inProcess = options.inProcess ?? true;
  const pool = inProcess ? pgPoolOf(db) : null;
  const known = new KnownVisitors();
  let ahead: Ahead | undefined;
  try {
    for (let first = true; ; first = false) {
      const more = await db.transaction(async (tx) => {
        // work_mem: a chunk's sorts and hashed grouping sets stay in memory instead of spilling to disk.
        // jit: compiling these large plans cost more (about 0.7 s a statement) than it saved.
        // synchronous_commit: a crash can lose only the last chunks, and with them their watermark (one
        // transaction), so the next run recomputes them from the raw pageviews, which their writers
        // committed durably: nothing acknowledged is lost, derived data is only redone.
        await bulkWorkMem(tx, '256MB');
        await tx.execute(
          sql`select set_config('jit', 'off', true), set_config('synchronous_commit', 'off', true)`,
        );
        const { state, reset } = await lockedState(tx, tz);
        report.reset ||= reset;
        if (reset) known.clear();
        const from = Number(state.last_pageview_id);
        const fromEngagement = Number(state.last_engagement_id);
        const toEngagement = Math.max(high.engagement, fromEngagement);
        const links = first ? await applyLinks(tx, from, tz) : 0;
        // Read ahead by this process before another took the lock and moved the watermark: read again.
        const read = ahead?.from === from ? await ahead.read : undefined;
        await ahead?.read;
        ahead = undefined;
        if (read) report.readAhead++;
        const to = read?.to ?? (await chunkEnd(tx, from, chunkSize, high.pageview, tz));
        if (to === from && toEngagement === fromEngagement && links === 0) return false;
        const chunk = await addChunk(tx, from, to, tz, {
          inProcess,
          known,
          rows: read?.rows,
          // Links applied in this transaction are not visible to another connection before it commits.
          onRead: () => {
            if (pool && to < high.pageview && links === 0)
              ahead = readAhead(pool, chunkEnd(db, to, chunkSize, high.pageview, tz), to, tz);
          },
        });
        report.pageviews += chunk.pageviews;
        await tx.execute(sql`insert into web_dirty_days
          select distinct (pageview_at at time zone ${tz})::date from web_engagement
          where id > ${fromEngagement} and id <= ${toEngagement} on conflict do nothing`);
        await rebuildVisits(tx, tz);
        await rebuildDays(tx, chunk.days);
        await tx.execute(sql`update web_state set last_pageview_id = ${to}, last_engagement_id = ${toEngagement},
          sessionised_at = now() where id = 1`);
        report.chunks++;
        return to < high.pageview;
      });
      known.commit();
      if (!more) return report;
    }
  } finally {
    // Never leave a read running (and its connection taken) after the run.
    await ahead?.read;
  }
}

/**
 * A browser's `vid` seen with an account: all its pageviews become the account's, its old visits go,
 * and the account's affected days are rebuilt, so that one person counts as one user. Visits are found
 * by day and visitor (web_visits has no index by visitor alone, ADR 0007): the browser's visits are on
 * the days of its sessionised pageviews.
 */
async function applyLinks(tx: Tx, watermark: number, tz: string): Promise<number> {
  const pending = await rows<{ visitor_key: string; user_key: string }>(
    tx,
    sql`select visitor_key, user_key from web_visitor_links where not applied for update`,
  );
  if (pending.length === 0) return 0;
  const vids = sql.param(pending.map((p) => p.visitor_key));
  const users = sql.param(pending.map((p) => p.user_key));
  const links = sql`unnest(${vids}::text[], ${users}::text[]) as l(visitor_key, user_key)`;
  await tx.execute(sql`create temporary table web_link_days on commit drop as
    select distinct l.visitor_key, l.user_key, (p.at at time zone ${tz})::date as local_date
    from ${links} join web_pageviews p on p.visitor_key = l.visitor_key and p.id <= ${watermark}`);
  await tx.execute(sql`insert into web_dirty_visitor_days (visitor_key, local_date)
    select distinct user_key, local_date from web_link_days on conflict do nothing`);
  await tx.execute(sql`with deleted as (
      delete from web_visits v using web_link_days d
      where v.local_date = d.local_date and v.visitor_key = d.visitor_key returning v.local_date)
    insert into web_dirty_days select distinct local_date from deleted on conflict do nothing`);
  await tx.execute(sql`update web_pageviews p set visitor_key = l.user_key from ${links}
    where p.visitor_key = l.visitor_key`);
  // The account's first pageview may move earlier, to the browser's: its former first visit is flipped.
  await tx.execute(sql`with merged as (
      insert into web_visitors (visitor_key, first_at)
      select l.user_key, min(w.first_at) from ${links}
      join web_visitors w on w.visitor_key = l.visitor_key group by l.user_key
      on conflict (visitor_key) do update set first_at = least(web_visitors.first_at, excluded.first_at)
      returning visitor_key, first_at)
    ${flipFirstVisits(
      sql`(select m.visitor_key, w.first_at as was from merged m
        join web_visitors w on w.visitor_key = m.visitor_key where m.first_at < w.first_at)`,
      tz,
    )}`);
  await tx.execute(sql`delete from web_visitors where visitor_key = any(${vids}::text[])`);
  await tx.execute(sql`update web_visitor_links set applied = true where visitor_key = any(${vids}::text[])`);
  return pending.length;
}
