import { BinaryWriter } from './sessionise.binary.ts';

// Pageviews and visits per day and dimension value, as the process counts a chunk, encoded as the rows
// of web_chunk_dims (local_date, dimension, value, pageviews, visits) for a binary COPY.

interface DayCount {
  date: number;
  dimension: string;
  value: string;
  pageviews: number;
  visits: number;
}

export class DayCounts {
  private readonly counts = new Map<string, DayCount>();

  /** Adds to a day's value; a null value (no such dimension on the pageview or visit) is not counted. */
  add(date: number, dimension: string, value: string | null, pageviews: number, visits: number): void {
    if (value === null) return;
    const key = `${date}\t${dimension}\t${value}`;
    const entry = this.counts.get(key);
    if (!entry) this.counts.set(key, { date, dimension, value, pageviews, visits });
    else {
      entry.pageviews += pageviews;
      entry.visits += visits;
    }
  }

  encode(): Buffer {
    const out = new BinaryWriter(this.counts.size * 48);
    for (const c of this.counts.values()) {
      out.tuple(5);
      out.int4(c.date);
      out.text(c.dimension);
      out.text(c.value);
      out.int8(c.pageviews);
      out.int4(c.visits);
    }
    return out.end();
  }
}

/** Distinct values of one dimension in a chunk, by index. */
export class Values {
  readonly index = new Map<string, number>();
  readonly text: string[] = [];
  id(value: Buffer | null): number {
    if (value === null) return -1;
    const text = value.toString();
    let id = this.index.get(text);
    if (id === undefined) {
      id = this.text.length;
      this.index.set(text, id);
      this.text.push(text);
    }
    return id;
  }
}

/** A pageview's local date and dimension fields as stored: one entry per distinct combination in a chunk. */
export interface Combo {
  date: number;
  device: string | null;
  lang: string | null;
  referrer: string | null;
  path: string;
}

const VALUE_DIMENSIONS = ['page_type', 'service', 'agency'] as const;

export interface DayValue {
  date: number;
  dimension: number;
  value: number;
}

/**
 * Spreads the chunk's counts over the dimensions: pageviews per combination (index combination * 2 + 1
 * when anonymous), visits per entry combination (device, language, referrer, page of their first
 * pageview) and visits per day value (page type, service, agency; once per visit).
 */
export function countsPerDimension(
  combos: Combo[],
  values: Values[],
  dayValues: DayValue[],
  counts: {
    /** Per combination, three each (page type, service, agency): its (date, value) in dayValues, or -1. */
    comboValues: Int32Array;
    pageviewCounts: Int32Array;
    entryCounts: Int32Array;
    valueCounts: Int32Array;
  },
): DayCounts {
  const { comboValues, pageviewCounts, entryCounts, valueCounts } = counts;
  const dims = new DayCounts();
  const count = dims.add.bind(dims);
  pageviewCounts.forEach((n, index) => {
    if (n === 0) return;
    const c = combos[index >> 1] as Combo;
    const date = c.date;
    count(date, 'total', '', n, 0);
    count(date, 'anonymous', index % 2 === 1 ? '' : null, n, 0);
    for (let d = 0; d < 3; d++) {
      const v = dayValues[comboValues[3 * (index >> 1) + d] as number];
      if (v) count(date, VALUE_DIMENSIONS[d] as string, (values[d] as Values).text[v.value] as string, n, 0);
    }
    count(date, 'page', c.path, n, 0);
    count(date, 'lang', c.lang, n, 0);
    count(date, 'device', c.device, n, 0);
    count(date, 'referrer', c.referrer, n, 0);
  });
  entryCounts.forEach((n, index) => {
    if (n === 0) return;
    const c = combos[index] as Combo;
    count(c.date, 'device', c.device, 0, n);
    count(c.date, 'lang', c.lang, 0, n);
    count(c.date, 'referrer', c.referrer, 0, n);
    count(c.date, 'page', c.path, 0, n);
  });
  valueCounts.forEach((n, index) => {
    if (n === 0) return;
    const v = dayValues[index] as (typeof dayValues)[number];
    count(
      v.date,
      VALUE_DIMENSIONS[v.dimension] as string,
      (values[v.dimension] as Values).text[v.value] as string,
      0,
      n,
    );
  });
  return dims;
}
