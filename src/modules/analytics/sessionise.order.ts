// The order in which a chunk's visits are written: web_visits' index order, date then visitor bytes (as
// collation "C" compares them), so that a chunk's entries are appended to the index rather than spread
// through it. Sorting the half-year's visitor-days with a comparator of strings took about 4.5 s of the
// process's time; here the numbers are sorted natively (a typed array's sort) and strings are compared
// only where four bytes do not decide.

/** Numbers below this (and so the count of visitors and visitor-days) share a double with a 32-bit key. */
const INDEX_LIMIT = 2 ** 21;

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Bytes every key starts with: they decide nothing. */
function commonPrefixLength(keys: string[]): number {
  const first = keys[0] ?? '';
  let common = first.length;
  for (let k = 1; k < keys.length && common > 0; k++) {
    const key = keys[k] as string;
    let i = 0;
    while (i < common && i < key.length && key.charCodeAt(i) === first.charCodeAt(i)) i++;
    common = i;
  }
  return common;
}

/**
 * Each key's place among them in byte order (keys are latin1 strings of bytes, all distinct): sorted
 * by the four bytes after their common prefix (shorter keys padded with zeros, which sorts them first),
 * then by the whole key where those four bytes are equal.
 */
export function ranks(keys: string[]): Int32Array {
  const n = keys.length;
  const rank = new Int32Array(n);
  if (n >= INDEX_LIMIT) {
    const order = keys.map((_, k) => k).sort((a, b) => compareStrings(keys[a] as string, keys[b] as string));
    order.forEach((k, r) => {
      rank[k] = r;
    });
    return rank;
  }
  const skip = commonPrefixLength(keys);
  const sorted = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const key = keys[k] as string;
    let prefix = 0;
    for (let i = skip; i < skip + 4; i++) prefix = prefix * 256 + (i < key.length ? key.charCodeAt(i) : 0);
    sorted[k] = prefix * INDEX_LIMIT + k;
  }
  sorted.sort();
  const order = new Int32Array(n);
  for (let r = 0; r < n; r++) order[r] = (sorted[r] as number) % INDEX_LIMIT;
  for (let r = 0; r < n; ) {
    const prefix = Math.floor((sorted[r] as number) / INDEX_LIMIT);
    let end = r + 1;
    while (end < n && Math.floor((sorted[end] as number) / INDEX_LIMIT) === prefix) end++;
    if (end - r > 1) {
      order.subarray(r, end).sort((a, b) => compareStrings(keys[a] as string, keys[b] as string));
    }
    r = end;
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
