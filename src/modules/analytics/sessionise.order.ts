// The order in which a chunk's visits are written: web_visits' index order, date then visitor bytes (as
// collation "C" compares them), so that a chunk's entries are appended to the index rather than spread
// through it. Sorting the half-year's visitor-days with a comparator of strings took about 4.5 s of the
// process's time; here the numbers are sorted natively (a typed array's sort) and keys are compared
// byte by byte only where four bytes do not decide.

import type { ByteKeys } from './sessionise.binary.ts';

/** Numbers below this (and so the count of visitors and visitor-days) share a double with a 32-bit key. */
const INDEX_LIMIT = 2 ** 21;

/**
 * Each key's place among them in byte order (all distinct): sorted by the four bytes after their common
 * prefix (shorter keys padded with zeros, which sorts them first), then by the whole key where those four
 * bytes are equal.
 */
export function ranks(keys: ByteKeys): Int32Array {
  const n = keys.size;
  const bytes = keys.keys.bytes;
  const byteAt = (k: number, i: number) => (i < keys.length(k) ? (bytes[keys.start(k) + i] as number) : -1);
  // Byte order, a shorter key before a longer one it starts.
  const compare = (a: number, b: number) => {
    const at = keys.start(a);
    const bt = keys.start(b);
    const length = Math.min(keys.length(a), keys.length(b));
    for (let i = 0; i < length; i++) {
      const d = (bytes[at + i] as number) - (bytes[bt + i] as number);
      if (d !== 0) return d;
    }
    return keys.length(a) - keys.length(b);
  };
  const rank = new Int32Array(n);
  const order = new Int32Array(n);
  if (n >= INDEX_LIMIT) {
    for (let k = 0; k < n; k++) order[k] = k;
    order.sort(compare);
  } else {
    // Bytes every key starts with decide nothing.
    let skip = n > 0 ? keys.length(0) : 0;
    for (let k = 1; k < n && skip > 0; k++) {
      let i = 0;
      while (i < skip && byteAt(k, i) === byteAt(0, i)) i++;
      skip = i;
    }
    const sorted = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      let prefix = 0;
      for (let i = skip; i < skip + 4; i++) prefix = prefix * 256 + Math.max(byteAt(k, i), 0);
      sorted[k] = prefix * INDEX_LIMIT + k;
    }
    sorted.sort();
    for (let r = 0; r < n; r++) order[r] = (sorted[r] as number) % INDEX_LIMIT;
    for (let r = 0; r < n; ) {
      const prefix = Math.floor((sorted[r] as number) / INDEX_LIMIT);
      let end = r + 1;
      while (end < n && Math.floor((sorted[end] as number) / INDEX_LIMIT) === prefix) end++;
      if (end - r > 1) order.subarray(r, end).sort(compare);
      r = end;
    }
  }
  for (let r = 0; r < n; r++) rank[order[r] as number] = r;
  return rank;
}

/**
 * Visitor-days (numbered 0..count-1, each a date and a visitor) in date order, then visitor order.
 * `dates` are day numbers, `visitors` index `visitorRanks` (ranks); the pairs are distinct.
 */
export function visitorDayOrder(
  count: number,
  dates: Int32Array,
  visitors: Int32Array,
  visitorRanks: Int32Array,
): Int32Array {
  const rankOf = (g: number) => visitorRanks[visitors[g] as number] as number;
  const order = new Int32Array(count);
  if (count >= INDEX_LIMIT) {
    for (let g = 0; g < count; g++) order[g] = g;
    return order.sort((a, b) => (dates[a] as number) - (dates[b] as number) || rankOf(a) - rankOf(b));
  }
  // By visitor, then stably by date: each date's count gives its visitor-days their places.
  const byVisitor = new Float64Array(count);
  for (let g = 0; g < count; g++) byVisitor[g] = rankOf(g) * INDEX_LIMIT + g;
  byVisitor.sort();
  const place = new Map<number, number>();
  for (let g = 0; g < count; g++) place.set(dates[g] as number, (place.get(dates[g] as number) ?? 0) + 1);
  let at = 0;
  for (const day of [...place.keys()].sort((a, b) => a - b)) {
    const days = place.get(day) as number;
    place.set(day, at);
    at += days;
  }
  for (let i = 0; i < count; i++) {
    const g = (byVisitor[i] as number) % INDEX_LIMIT;
    const date = dates[g] as number;
    const p = place.get(date) as number;
    order[p] = g;
    place.set(date, p + 1);
  }
  return order;
}
