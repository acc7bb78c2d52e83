import { setImmediate } from 'node:timers/promises';
import { VISIT_GAP_MS } from './period.ts';
import {
  BinaryReader,
  BinaryWriter,
  ByteArena,
  ByteKeys,
  doubled,
  POSTGRES_EPOCH_DAY,
} from './sessionise.binary.ts';
import { type Combo, countsPerDimension, type DayValue, Values } from './sessionise.counts.ts';
import { ranks, visitorDayOrder } from './sessionise.order.ts';

// Cuts a chunk's pageviews (copied out by fetchChunk) into visits and counts them per day and dimension
// in one pass, producing the binary COPY rows that storeChunk copies in. The SQL path
// (sessionise.steps.ts) computes the same rows; the tests run both on the same pageviews and compare.

const GAP_MICROS = VISIT_GAP_MS * 1000;

/** A day's visits as the chunk adds them to web_daily. */
export interface DayTotals {
  visits: number;
  pageviews: number;
  durationMicros: bigint;
  /** Visitor-days: a visitor-day new to its day is one user more (or the day is dirty and rebuilt). */
  users: number;
  /** Set by storeChunk, which learns which visitors are new. */
  newVisits: number;
}

/** A chunk sessionised here, ready to be copied in (storeChunk). */
export interface ChunkRows {
  pageviews: number;
  /** Rows of web_visits (without key_bucket, which is generated), is_new false until storeChunk sets it. */
  visits: Buffer;
  dims: Buffer;
  /** The chunk's visitors (their keys' bytes), numbered. */
  visitors: ByteKeys;
  /** The chunk's visitor-days in date and key order: visitor (its number) and date. */
  visitorDays: { visitors: Int32Array; dates: Int32Array };
  /**
   * The first visit in the chunk of each of its visitors, in the same order: the visitor (its number),
   * the visit's date and start (microseconds since 2000), and where its is_new byte is in `visits`.
   */
  firsts: { visitor: number[]; date: number[]; startedAt: number[]; newAt: number[] };
  totals: Map<number, DayTotals>;
  /** The local dates of the visits, YYYY-MM-DD. */
  days: string[];
}

/** Bytes of the stream per block the cut keeps (see cutChunk). */
const BLOCK = 1 << 20;

/** Rows between two turns of the event loop: cutChunk runs while the previous chunk's statements do. */
const SLICE = 8192;

/**
 * Builds from a chunk's pageviews (fetchChunk) its visits (each visitor-day ordered by time and id, cut
 * at gaps over 30 minutes), its visitors' first visits, and its pageviews and visits per day and dimension value. It
 * yields to the event loop every few thousand rows, so that a transaction working on the chunk before it
 * can go on sending its statements meanwhile.
 */
export async function cutChunk(copied: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<ChunkRows> {
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
  const comboKeys = new ByteKeys();
  const combos: Combo[] = [];
  // Per combination, for writing its visits: its day values (3 each), and where its entry fields and its
  // three elements are in `fields` (start and length, 4 pairs each; length 0 for a null element).
  let comboValues = new Int32Array(3 << 10);
  let comboFields = new Int32Array(8 << 10);
  const fields = new ByteArena();
  // Pageviews per combination, index combination * 2 + 1 when anonymous.
  let pageviewCounts = new Int32Array(2 << 10);
  // Rows of a visitor-day form a linked list (first, last, next) in the order they came.
  // Typed arrays, grown by doubling: plain arrays of half a million numbers each kept the collector busy.
  let ids = new Float64Array(1 << 16);
  let ats = new Float64Array(1 << 16);
  let rowCombo = new Int32Array(1 << 16);
  let next = new Int32Array(1 << 16);
  let rowCount = 0;
  const dayKeys = new ByteKeys();
  // Visitor-days, in the order first seen: visitor (number), date, first and last row (typed arrays, as
  // the rows': an object each kept the collector busy).
  let groupVisitor = new Int32Array(1 << 14);
  let groupDate = new Int32Array(1 << 14);
  let groupFirst = new Int32Array(1 << 14);
  let groupLast = new Int32Array(1 << 14);
  let groupCount = 0;
  // Visitors numbered once per visitor-day, with the earliest date of each (its first visit is the only
  // one that can be new).
  const visitorKeys = new ByteKeys();
  const firstDates: number[] = [];
  let pageviews = 0;
  let bytes = 0;
  // The pieces (a few kilobytes each) are copied into blocks of a megabyte, so that a row a piece ends in
  // is finished by the next one without joining buffers; a full block's unread tail starts the next block.
  // Nothing points into a block once it is read: keys and fields are copied into arenas (ByteKeys, fields).
  let block = Buffer.allocUnsafeSlow(BLOCK);
  let filled = 0;
  let read = 0;
  let started = false;
  for await (const piece of copied) {
    bytes += piece.length;
    if (filled + piece.length > block.length) {
      const next = Buffer.allocUnsafeSlow(Math.max(BLOCK, filled - read + piece.length));
      block.copy(next, 0, read, filled);
      block = next;
      filled -= read;
      read = 0;
    }
    piece.copy(block, filled);
    filled += piece.length;
    const buf = block.subarray(0, filled);
    const reader = new BinaryReader(buf);
    reader.offset = read;
    if (!started) started = reader.header();
    if (!started) continue;
    for (;;) {
      // A row the piece ends in is read as far as the piece goes, then again from its start with the
      // next piece: reading past the end throws (DataView) or ends past it. Checking each row whole
      // before reading it walked its fields twice.
      const rowStart = reader.offset;
      let id = 0;
      let at = 0;
      let visitorLength = 0;
      let dayStart = 0;
      let visitorAt = 0;
      let dateStart = 0;
      let date = 0;
      let comboEnd = 0;
      try {
        if (reader.next() <= 0) break;
        id = reader.int8();
        at = reader.int8();
        // Visitor key, date and the dimension fields are contiguous: their raw bytes (lengths included) key
        // the visitor-day (key and date) and the combination (date and dimensions) without decoding them.
        dayStart = reader.offset;
        visitorLength = reader.length();
        visitorAt = reader.offset;
        if (visitorLength > 0) reader.offset += visitorLength;
        dateStart = reader.offset;
        date = reader.int4();
        comboEnd = reader.offset;
        for (let f = 0; f < 7; f++) reader.skip();
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
        reader.offset = buf.length + 1;
      }
      if (reader.offset > buf.length) {
        reader.offset = rowStart;
        break;
      }
      const combo = comboKeys.id(buf, dateStart, reader.offset - dateStart);
      if (combo === combos.length) {
        const end = reader.offset;
        reader.offset = comboEnd;
        // Each field's bytes, and where each field (its length word) starts.
        const bytes: (Buffer | null)[] = [];
        const starts = [comboEnd];
        for (let f = 0; f < 7; f++) {
          bytes.push(reader.bytes());
          starts.push(reader.offset);
        }
        reader.offset = end;
        const [device, lang, referrer, path] = bytes.map((b) => b?.toString() ?? null);
        const ofCombo = [0, 1, 2].map((d) =>
          dayValue(date, d, (values[d] as Values).id(bytes[4 + d] ?? null)),
        ) as [number, number, number];
        combos.push({
          date,
          device: device ?? null,
          lang: lang ?? null,
          referrer: referrer ?? null,
          path: path as string,
        });
        if (8 * combo + 8 > comboFields.length) {
          comboFields = doubled(comboFields);
          comboValues = doubled(comboValues);
          pageviewCounts = doubled(pageviewCounts);
        }
        comboValues.set(ofCombo, 3 * combo);
        // The fields as encoded (length word and bytes), written as they are into the visits: the
        // entry's four (device, language, referrer, path), then each element (page type, service, agency).
        const encoded = (at: number, from: number, to: number) => {
          comboFields[at] = fields.append(buf, from, to - from);
          comboFields[at + 1] = to - from;
        };
        encoded(8 * combo, starts[0] as number, starts[4] as number);
        for (let f = 4; f < 7; f++) {
          if (bytes[f]) encoded(8 * combo + 2 * (f - 3), starts[f] as number, starts[f + 1] as number);
          else comboFields[8 * combo + 2 * (f - 3) + 1] = 0;
        }
      }
      pageviews++;
      (pageviewCounts[combo * 2 + (visitorLength < 0 ? 1 : 0)] as number)++;
      if (visitorLength < 0) continue;
      const row = rowCount++;
      if (row === ids.length) {
        ids = doubled(ids);
        ats = doubled(ats);
        rowCombo = doubled(rowCombo);
        next = doubled(next);
      }
      ids[row] = id;
      ats[row] = at;
      rowCombo[row] = combo;
      next[row] = -1;
      const group = dayKeys.id(buf, dayStart, comboEnd - dayStart);
      if (group === groupCount) {
        const visitorId = visitorKeys.id(buf, visitorAt, visitorLength);
        if (visitorId === firstDates.length) firstDates.push(date);
        else if (date < (firstDates[visitorId] as number)) firstDates[visitorId] = date;
        if (group === groupVisitor.length) {
          groupVisitor = doubled(groupVisitor);
          groupDate = doubled(groupDate);
          groupFirst = doubled(groupFirst);
          groupLast = doubled(groupLast);
        }
        groupVisitor[group] = visitorId;
        groupDate[group] = date;
        groupFirst[group] = row;
        groupLast[group] = row;
        groupCount++;
      } else {
        next[groupLast[group] as number] = row;
        groupLast[group] = row;
      }
    }
    read = reader.offset;
  }

  // A visit row is about 0.6 of the bytes of its pageviews' rows: the buffer rarely has to grow.
  const visits = new BinaryWriter(Math.ceil(bytes * 0.6));
  const entryCounts = new Int32Array(combos.length);
  const valueCounts = new Int32Array(dayValues.length);
  // The visit that last counted each day value: a visit counts a value once, however many of its pages have it.
  const valueCounted = new Int32Array(dayValues.length).fill(-1);
  let visitCount = 0;
  // Per visit: elements of each of the three arrays, then their bytes.
  const sizes = new Int32Array(6);
  const byTime = (a: number, b: number) =>
    (ats[a] as number) - (ats[b] as number) || (ids[a] as number) - (ids[b] as number);
  const rows: number[] = [];
  const order = visitorDayOrder(groupCount, groupDate, groupVisitor, ranks(visitorKeys));

  const visitorDays = { visitors: new Int32Array(groupCount), dates: new Int32Array(groupCount) };
  const firsts: ChunkRows['firsts'] = { visitor: [], date: [], startedAt: [], newAt: [] };
  const totals = new Map<number, DayTotals>();
  for (let g = 0; g < groupCount; g++) {
    if (g % SLICE === SLICE - 1) await setImmediate();
    const group = order[g] as number;
    const visitorId = groupVisitor[group] as number;
    const date = groupDate[group] as number;
    const firstOfVisitor = firstDates[visitorId] === date;
    const day = totals.get(date) ?? {
      visits: 0,
      pageviews: 0,
      durationMicros: 0n,
      users: 0,
      newVisits: 0,
    };
    totals.set(date, day);
    day.users++;
    visitorDays.visitors[g] = visitorId;
    visitorDays.dates[g] = date;
    rows.length = 0;
    let sorted = true;
    for (let r = groupFirst[group] as number; r >= 0; r = next[r] as number) {
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
      sizes.fill(0);
      const visit = visitCount++;
      for (let j = first; j < i; j++) {
        const combo = rowCombo[rows[j] as number] as number;
        for (let d = 0; d < 3; d++) {
          const value = comboValues[3 * combo + d] as number;
          if (value < 0) continue;
          (sizes[d] as number)++;
          sizes[3 + d] = (sizes[3 + d] as number) + (comboFields[8 * combo + 2 * d + 3] as number);
          if (valueCounted[value] === visit) continue;
          valueCounted[value] = visit;
          (valueCounts[value] as number)++;
        }
      }
      const entryCombo = rowCombo[rows[first] as number] as number;
      (entryCounts[entryCombo] as number)++;
      const startedAt = ats[rows[first] as number] as number;
      const endedAt = ats[rows[i - 1] as number] as number;
      day.visits++;
      day.pageviews += i - first;
      day.durationMicros += BigInt(endedAt - startedAt);
      visits.tuple(13);
      visits.slice(visitorKeys.keys.bytes, visitorKeys.start(visitorId), visitorKeys.length(visitorId));
      visits.int4(date);
      visits.int8(startedAt);
      visits.int8(endedAt);
      visits.int4(i - first);
      const newAt = visits.boolean(false);
      if (first === 0 && firstOfVisitor) {
        firsts.visitor.push(visitorId);
        firsts.date.push(date);
        firsts.startedAt.push(startedAt);
        firsts.newAt.push(newAt);
      }
      visits.raw(
        fields.bytes,
        comboFields[8 * entryCombo] as number,
        comboFields[8 * entryCombo + 1] as number,
      );
      for (let d = 0; d < 3; d++) {
        visits.textArray(sizes[d] as number, sizes[3 + d] as number);
        for (let j = first; j < i; j++) {
          const at = 8 * (rowCombo[rows[j] as number] as number) + 2 * d + 2;
          const length = comboFields[at + 1] as number;
          if (length > 0) visits.raw(fields.bytes, comboFields[at] as number, length);
        }
      }
      first = i;
    }
  }

  const dims = countsPerDimension(combos, values, dayValues, {
    comboValues,
    pageviewCounts,
    entryCounts,
    valueCounts,
  });
  const days = [...totals.keys()].map((d) =>
    new Date((POSTGRES_EPOCH_DAY + d) * 86_400_000).toISOString().slice(0, 10),
  );
  return {
    pageviews,
    visits: visits.end(),
    dims: dims.encode(),
    visitors: visitorKeys,
    visitorDays,
    firsts,
    totals,
    days,
  };
}
