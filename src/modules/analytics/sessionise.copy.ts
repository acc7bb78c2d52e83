import { setImmediate } from 'node:timers/promises';
import type pg from 'pg';
import { copyIn, copyOut } from '../../platform/db/copy.ts';
import { VISIT_GAP_MS } from './period.ts';
import { BinaryReader, BinaryWriter, POSTGRES_EPOCH_DAY } from './sessionise.binary.ts';
import { type Combo, countsPerDimension, type DayValue, Values } from './sessionise.counts.ts';

// The PostgreSQL path of a chunk's visits and counts: the chunk's pageviews are copied out once, visits
// are cut and pageviews and visits counted per day and dimension in one pass here, and the results are
// copied back into two temporary tables. The SQL path (sessionise.steps.ts) computes the same rows;
// the tests run both on the same pageviews and compare.

const GAP_MICROS = VISIT_GAP_MS * 1000;

/** Counts by small integer index: plain array slots, cheaper than a map's entries. */
function bump(counts: number[], index: number): void {
  counts[index] = (counts[index] ?? 0) + 1;
}

/** A chunk sessionised here, ready to be copied into the temporary tables (writeChunk). */
export interface ChunkRows {
  pageviews: number;
  visits: Buffer;
  dims: Buffer;
  /** The local dates of the visits, YYYY-MM-DD. */
  days: string[];
}

/** Reads the pageviews with ids in (from, to] (after the chunk's link update) in binary COPY format. */
export function fetchChunk(client: pg.ClientBase, from: number, to: number, tz: string): Promise<Buffer> {
  return copyOut(
    client,
    `copy (select id, at, visitor_key, (at at time zone ${client.escapeLiteral(tz)})::date,
      device, lang, referrer_host, path, page_type, service_code, agency_code
     from web_pageviews where id > ${Math.trunc(from)} and id <= ${Math.trunc(to)}) to stdout (format binary)`,
  );
}

/** Rows between two turns of the event loop: cutChunk runs while the previous chunk's statements do. */
const SLICE = 8192;

/**
 * Builds from a chunk's pageviews (fetchChunk) the rows of web_chunk_visits (each visitor-day ordered by
 * time and id, cut at gaps over 30 minutes) and of web_chunk_dims (pageviews and visits per day and
 * dimension value). It yields to the event loop every few thousand rows, so that a transaction working
 * on the chunk before it can go on sending its statements meanwhile.
 */
export async function cutChunk(copied: Buffer): Promise<ChunkRows> {
  const reader = new BinaryReader(copied);
  const buf = reader.buf;
  const values = [new Values(), new Values(), new Values()];
  const dayValueIndex = new Map<string, number>();
  const dayValues: DayValue[] = [];
  const dayValue = (date: number, dimension: number, value: number) => {
    if (value < 0) return -1;
    const key = `${date}\t${dimension}\t${value}`;
    let id = dayValueIndex.get(key);
    if (id === undefined) {
      id = dayValues.length;
      dayValueIndex.set(key, id);
      dayValues.push({ date, dimension, value });
    }
    return id;
  };
  const comboIndex = new Map<string, number>();
  const combos: Combo[] = [];
  const pageviewCounts: number[] = [];
  // Rows of a visitor-day form a linked list (first, last, next) in the order they came.
  const ids: number[] = [];
  const ats: number[] = [];
  const rowCombo: number[] = [];
  const next: number[] = [];
  const dayIndex = new Map<string, number>();
  const groups: {
    visitor: string;
    visitorAt: number;
    visitorLength: number;
    date: number;
    first: number;
    last: number;
  }[] = [];
  let pageviews = 0;
  while (reader.next() > 0) {
    if (pageviews % SLICE === SLICE - 1) await setImmediate();
    const id = reader.int8();
    const at = reader.int8();
    // Visitor key, date and the dimension fields are contiguous: their raw bytes (lengths included) key
    // the visitor-day (key and date) and the combination (date and dimensions) without decoding them.
    const dayStart = reader.offset;
    const visitorLength = reader.length();
    const visitorAt = reader.offset;
    if (visitorLength > 0) reader.offset += visitorLength;
    const dateStart = reader.offset;
    const date = reader.int4();
    const comboEnd = reader.offset;
    for (let f = 0; f < 7; f++) reader.skip();
    const span = buf.toString('latin1', dateStart, reader.offset);
    let combo = comboIndex.get(span);
    if (combo === undefined) {
      combo = combos.length;
      comboIndex.set(span, combo);
      const end = reader.offset;
      reader.offset = comboEnd;
      const bytes = Array.from({ length: 7 }, () => reader.bytes());
      reader.offset = end;
      const [device, lang, referrer, path] = bytes.map((b) => b?.toString() ?? null);
      combos.push({
        date,
        device: device ?? null,
        lang: lang ?? null,
        referrer: referrer ?? null,
        path: path as string,
        bytes,
        dayValue: [0, 1, 2].map((d) => dayValue(date, d, (values[d] as Values).id(bytes[4 + d] ?? null))) as [
          number,
          number,
          number,
        ],
      });
    }
    pageviews++;
    bump(pageviewCounts, combo * 2 + (visitorLength < 0 ? 1 : 0));
    if (visitorLength < 0) continue;
    const row = ids.length;
    ids.push(id);
    ats.push(at);
    rowCombo.push(combo);
    next.push(-1);
    const dayKey = buf.toString('latin1', dayStart, comboEnd);
    const group = dayIndex.get(dayKey);
    if (group === undefined) {
      dayIndex.set(dayKey, groups.length);
      const visitor = buf.toString('latin1', visitorAt, visitorAt + visitorLength);
      groups.push({ visitor, visitorAt, visitorLength, date, first: row, last: row });
    } else {
      const g = groups[group] as (typeof groups)[number];
      next[g.last] = row;
      g.last = row;
    }
  }

  // A visit row is about half the bytes of its pageviews' rows.
  const visits = new BinaryWriter(buf.length >> 1);
  const entryCounts: number[] = [];
  const valueCounts: number[] = [];
  const byTime = (a: number, b: number) =>
    (ats[a] as number) - (ats[b] as number) || (ids[a] as number) - (ids[b] as number);
  const rows: number[] = [];
  const arrays: Buffer[][] = [[], [], []];
  const seen: number[][] = [[], [], []];
  // Visits in key order (visitor bytes, as collation "C" compares them, then date): their index entries
  // then go to neighbouring pages, and the database need not sort the visits before inserting them.
  groups.sort((a, b) => (a.visitor < b.visitor ? -1 : a.visitor > b.visitor ? 1 : a.date - b.date));
  for (let g = 0; g < groups.length; g++) {
    if (g % SLICE === SLICE - 1) await setImmediate();
    const group = groups[g] as (typeof groups)[number];
    rows.length = 0;
    let sorted = true;
    for (let r = group.first; r >= 0; r = next[r] as number) {
      if (rows.length && byTime(rows[rows.length - 1] as number, r) > 0) sorted = false;
      rows.push(r);
    }
    if (!sorted) rows.sort(byTime);
    let first = 0;
    for (let i = 1; i <= rows.length; i++) {
      if (
        i < rows.length &&
        (ats[rows[i] as number] as number) - (ats[rows[i - 1] as number] as number) <= GAP_MICROS
      )
        continue;
      for (let d = 0; d < 3; d++) {
        (arrays[d] as Buffer[]).length = 0;
        (seen[d] as number[]).length = 0;
      }
      for (let j = first; j < i; j++) {
        const combo = combos[rowCombo[rows[j] as number] as number] as Combo;
        for (let d = 0; d < 3; d++) {
          const value = combo.dayValue[d] as number;
          if (value < 0) continue;
          (arrays[d] as Buffer[]).push(combo.bytes[4 + d] as Buffer);
          const s = seen[d] as number[];
          if (!s.includes(value)) s.push(value);
        }
      }
      for (let d = 0; d < 3; d++) for (const value of seen[d] as number[]) bump(valueCounts, value);
      const entryCombo = rowCombo[rows[first] as number] as number;
      bump(entryCounts, entryCombo);
      const entry = (combos[entryCombo] as Combo).bytes;
      visits.tuple(12);
      visits.slice(buf, group.visitorAt, group.visitorLength);
      visits.int4(group.date);
      visits.int8(ats[rows[first] as number] as number);
      visits.int8(ats[rows[i - 1] as number] as number);
      visits.int8(i - first);
      for (let f = 0; f < 4; f++) visits.text(entry[f] ?? null);
      for (let d = 0; d < 3; d++) visits.textArray(arrays[d] as Buffer[]);
      first = i;
    }
  }

  const dims = countsPerDimension(combos, values, dayValues, { pageviewCounts, entryCounts, valueCounts });
  const days = [...new Set(groups.map((g) => g.date))].map((d) =>
    new Date((POSTGRES_EPOCH_DAY + d) * 86_400_000).toISOString().slice(0, 10),
  );
  return { pageviews, visits: visits.end(), dims: dims.encode(), days };
}

/** Fills the chunk's temporary tables web_chunk_visits and web_chunk_dims (dropped at commit). */
export async function writeChunk(client: pg.ClientBase, rows: ChunkRows): Promise<void> {
  await client.query(`create temporary table web_chunk_visits (visitor_key text collate "C", local_date date,
    started_at timestamptz, ended_at timestamptz, pageviews bigint, device text, lang text, referrer_host text,
    entry_path text, page_types text[], service_codes text[], agency_codes text[]) on commit drop;
    create temporary table web_chunk_dims (local_date date, dimension text, value text, pageviews bigint,
    visits integer) on commit drop`);
  await copyIn(client, 'copy web_chunk_visits from stdin (format binary)', rows.visits);
  await copyIn(client, 'copy web_chunk_dims from stdin (format binary)', rows.dims);
}
