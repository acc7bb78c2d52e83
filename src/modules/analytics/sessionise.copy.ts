import { sql } from 'drizzle-orm';
import type pg from 'pg';
import type { Tx } from '../../platform/db/client.ts';
import { copyIn, copyOut } from '../../platform/db/copy.ts';
import { BinaryWriter } from './sessionise.binary.ts';
import type { ChunkRows, DayTotals } from './sessionise.cut.ts';
import type { KnownVisitors } from './sessionise.known.ts';
import { addToDays, markStoredVisitorDays, upsertVisitors } from './sessionise.visitors.ts';

// The PostgreSQL path of a chunk: its pageviews are copied out once, cut into visits and counted in the
// process (cutChunk), and the results copied straight into web_visits and two small temporary tables.

/**
 * Reads the pageviews with ids in (from, to] (after the chunk's link update) in binary COPY format, as
 * it arrives: cutChunk reads its rows meanwhile. The connection is busy until the stream is read.
 */
export function fetchChunk(
  client: pg.ClientBase,
  from: number,
  to: number,
  tz: string,
): AsyncIterable<Buffer> {
  return copyOut(
    client,
    `copy (select id, at, visitor_key, (at at time zone ${client.escapeLiteral(tz)})::date,
      device, lang, referrer_host, path, page_type, service_code, agency_code
     from web_pageviews where id > ${Math.trunc(from)} and id <= ${Math.trunc(to)}) to stdout (format binary)`,
  );
}

/**
 * Stores a chunk cut in the process: its visitors first (which tells which visitors are new, and so which
 * visits), then, if some of its days already have visits, which of its visitor-days had them (dirty:
 * rebuildVisits replaces their visits, these included, and their days are rebuilt, which overrides what
 * is added here), then its visits, copied straight in, and its days' figures and counts, added.
 */
export async function storeChunk(
  tx: Tx,
  client: pg.ClientBase,
  chunk: ChunkRows,
  tz: string,
  known: KnownVisitors,
): Promise<void> {
  await client.query(`create temporary table web_chunk_visitors (visitor_key text collate "C",
    first_at timestamptz) on commit drop;
    create temporary table web_chunk_dims (local_date date, dimension text, value text, pageviews bigint,
    visits integer) on commit drop`);
  await copyIn(client, 'copy web_chunk_visitors from stdin (format binary)', chunkVisitors(chunk, known));
  await upsertVisitors(tx, sql`web_chunk_visitors`, tz);
  // The new and moved visitors' keys as bytes (as the chunk's stream gave them), found in its numbering.
  const firsts = await client.query<[Buffer]>({
    text: `select convert_to(visitor_key, 'UTF8') from web_chunk_firsts`,
    rowMode: 'array',
  });
  const firstOf = new Int32Array(chunk.visitors.size);
  chunk.firsts.visitor.forEach((visitor, i) => {
    firstOf[visitor] = i;
  });
  for (const [key] of firsts.rows) {
    const visitor = chunk.visitors.id(key, 0, key.length, false);
    if (visitor < 0) continue;
    const first = firstOf[visitor] as number;
    chunk.visits[chunk.firsts.newAt[first] as number] = 1;
    const totals = chunk.totals.get(chunk.firsts.date[first] as number);
    if (totals) totals.newVisits++;
  }
  await markVisited(client, tx, chunk);
  await copyIn(
    client,
    `copy web_visits (visitor_key, local_date, started_at, ended_at, pageviews, is_new, device, lang,
      referrer_host, entry_path, page_types, service_codes, agency_codes) from stdin (format binary)`,
    chunk.visits,
  );
  const days = [...chunk.totals];
  const column = (f: (t: DayTotals) => number | bigint) => sql.param(days.map(([, t]) => String(f(t))));
  await tx.execute(
    addToDays(sql`select date '2000-01-01' + d, v, p, m, n, u
    from unnest(${sql.param(days.map(([d]) => d))}::int[], ${column((t) => t.visits)}::int[],
      ${column((t) => t.pageviews)}::bigint[], ${column((t) => t.durationMicros)}::bigint[],
      ${column((t) => t.newVisits)}::int[], ${column((t) => t.users)}::int[]) as t(d, v, p, m, n, u)`),
  );
  await copyIn(client, 'copy web_chunk_dims from stdin (format binary)', chunk.dims);
  await tx.execute(sql`insert into web_daily_dims (local_date, dimension, value, pageviews, visits)
    select local_date, dimension, value, pageviews, visits from web_chunk_dims
    on conflict (local_date, dimension, value) do update
    set pageviews = web_daily_dims.pageviews + excluded.pageviews, visits = web_daily_dims.visits + excluded.visits`);
}

/**
 * Rows (visitor_key, first_at) of the chunk's visitors whose first visit in it may be new or earlier than
 * the one stored: visitors this run stored before with an earlier first visit are left out.
 */
function chunkVisitors(chunk: ChunkRows, known: KnownVisitors): Buffer {
  const { visitors, firsts } = chunk;
  const rows = new BinaryWriter(firsts.visitor.length * 40);
  firsts.visitor.forEach((visitor, i) => {
    const startedAt = firsts.startedAt[i] as number;
    if (known.covers(visitors, visitor, startedAt)) return;
    known.stage(visitors, visitor, startedAt);
    rows.tuple(2);
    rows.slice(visitors.keys.bytes, visitors.start(visitor), visitors.length(visitor));
    rows.int8(startedAt);
  });
  return rows.end();
}

/**
 * Only days that have visits can have a visitor-day with visits (web_daily has a row for each): an import
 * in time order, whose chunks end at midnight, looks up none.
 */
async function markVisited(client: pg.ClientBase, tx: Tx, chunk: ChunkRows): Promise<void> {
  const stored = await client.query<[number]>({
    text: `select local_date - date '2000-01-01' from web_daily where local_date = any($1::date[])`,
    values: [chunk.days],
    rowMode: 'array',
  });
  if (stored.rows.length === 0) return;
  const days = new Set(stored.rows.map((row) => row[0]));
  const candidates = new BinaryWriter();
  const { visitors, visitorDays } = chunk;
  visitorDays.dates.forEach((date, i) => {
    if (!days.has(date)) return;
    const visitor = visitorDays.visitors[i] as number;
    candidates.tuple(2);
    candidates.slice(visitors.keys.bytes, visitors.start(visitor), visitors.length(visitor));
    candidates.int4(date);
  });
  await client.query(`create temporary table web_chunk_days (visitor_key text collate "C", local_date date)
    on commit drop`);
  await copyIn(client, 'copy web_chunk_days from stdin (format binary)', candidates.end());
  await markStoredVisitorDays(tx, sql`web_chunk_days`);
}
