import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prng } from '../../platform/random.ts';
import { ByteKeys } from './sessionise.binary.ts';
import { ranks, visitorDayOrder } from './sessionise.order.ts';

/** A random latin1 string of bytes (any byte, 0 included) after a shared prefix. */
function key(random: () => number, prefix: string): string {
  const length = Math.floor(random() * 7);
  let s = prefix;
  for (let i = 0; i < length; i++) s += String.fromCharCode(Math.floor(random() * 256));
  return s;
}

describe('the order of a chunk’s visits', () => {
  for (const prefix of ['', 'bench-', 'ab\0']) {
    it(`ranks keys in byte order, keys sharing a prefix "${JSON.stringify(prefix)}", short ones, zeros`, () => {
      const random = prng(prefix.length + 7);
      const keys = [...new Set(Array.from({ length: 5_000 }, () => key(random, prefix)))];
      keys.push(`${prefix}\0`, `${prefix}\0\0`, `${prefix}\0\0\0\0\0`);
      const distinct = [...new Set(keys)];
      // Numbered in this order, as a chunk numbers its visitors when first seen.
      const numbered = new ByteKeys();
      for (const k of distinct) numbered.id(Buffer.from(k, 'latin1'), 0, k.length);
      const rank = ranks(numbered);
      const expected = [...distinct].sort((a, b) =>
        Buffer.compare(Buffer.from(a, 'latin1'), Buffer.from(b, 'latin1')),
      );
      assert.deepEqual(
        Array.from(rank.keys())
          .sort((a, b) => (rank[a] as number) - (rank[b] as number))
          .map((k) => distinct[k]),
        expected,
      );
    });
  }

  it('orders visitor-days by date, then by their visitor’s rank', () => {
    const random = prng(3);
    const pairs = new Set<string>();
    const dates: number[] = [];
    const visitors: number[] = [];
    while (dates.length < 3_000) {
      const date = 6_000 + Math.floor(random() * 40);
      const visitor = Math.floor(random() * 500);
      if (pairs.has(`${date} ${visitor}`)) continue;
      pairs.add(`${date} ${visitor}`);
      dates.push(date);
      visitors.push(visitor);
    }
    const visitorRanks = Int32Array.from({ length: 500 }, (_, v) => (v * 7919) % 500);
    const order = visitorDayOrder(
      dates.length,
      Int32Array.from(dates),
      Int32Array.from(visitors),
      visitorRanks,
    );
    const expected = dates
      .map((_, g) => g)
      .sort(
        (a, b) =>
          (dates[a] as number) - (dates[b] as number) ||
          (visitorRanks[visitors[a] as number] as number) - (visitorRanks[visitors[b] as number] as number),
      );
    assert.deepEqual(Array.from(order), expected);
  });
});
