import { type ByteKeys, rehashed, sameBytes } from './sessionise.binary.ts';

/**
 * Visitors a sessionising run has already stored, each with a first pageview that web_visitors holds or
 * precedes (its first_at only ever moves earlier). A chunk's visitor whose first pageview in the chunk
 * is not earlier cannot be new nor move, and is left out of the upsert: there, looking up a known
 * visitor in web_visitors' key (even on conflict without an update) cost most of a chunk's upsert, 0.6–1 s
 * for the 130,000 visitors of 500,000 pageviews.
 *
 * Visitors are given as a chunk's keys (ByteKeys) and a number there, whose hash they share; kept
 * as bytes in one arena, numbered by open addressing. Entries are staged while a chunk's transaction runs and kept only once it
 * has committed. The cache stops growing at `maxBytes` (keys and their entries, about 48 bytes each
 * besides the key): visitors beyond go to the upsert as before. The reference half-year's 1.1 million
 * visitors take about 66 MB with the bench's 13-byte keys, 98 MB with 43-byte pseudonyms.
 */
// Bytes an entry takes besides its key: three array elements of 4 or 8 bytes and two to four slots of 8.
const ENTRY_BYTES = 48;

export class KnownVisitors {
  /** Pairs of a hash and an entry's number + 1 (0 when free). */
  private slots = new Int32Array(2 << 12);
  private count = 0;
  // Grown on the first visitor kept: the SQL path (PGlite, the minute job) never keeps one.
  private arena = Buffer.alloc(0);
  private view = new DataView(this.arena.buffer);
  private used = 0;
  /** Per entry: where its key starts in the arena, and its length. */
  private places = new Int32Array(0);
  private firsts = new Float64Array(0);
  private staged: { keys: ByteKeys; id: number; firstAt: number }[] = [];

  constructor(private readonly maxBytes = 96 << 20) {}

  get size(): number {
    return this.count;
  }

  /** Whether visitor `id` of `keys` is known with a first pageview at or before `firstAt` (microseconds). */
  covers(keys: ByteKeys, id: number, firstAt: number): boolean {
    const k = this.find(keys, id);
    return k >= 0 && (this.firsts[k] as number) <= firstAt;
  }

  /** Remembers a visitor of the chunk being stored, once its transaction commits. */
  stage(keys: ByteKeys, id: number, firstAt: number): void {
    this.staged.push({ keys, id, firstAt });
  }

  /** The chunk's transaction committed: its visitors are stored. */
  commit(): void {
    for (const { keys, id, firstAt } of this.staged) this.set(keys, id, firstAt);
    this.staged = [];
  }

  /** Forgets everything (web_visitors was emptied, or a transaction failed). */
  clear(): void {
    this.slots = new Int32Array(2 << 12);
    this.count = 0;
    this.used = 0;
    this.staged = [];
  }

  private set(keys: ByteKeys, id: number, firstAt: number): void {
    const k = this.find(keys, id);
    if (k >= 0) {
      if (firstAt < (this.firsts[k] as number)) this.firsts[k] = firstAt;
      return;
    }
    const length = keys.length(id);
    if (this.used + (this.count + 1) * ENTRY_BYTES + length > this.maxBytes) return;
    if (this.used + length > this.arena.length) {
      const bigger = Buffer.allocUnsafe(
        Math.min(this.maxBytes, Math.max(this.arena.length * 2, this.used + length, 1 << 16)),
      );
      this.arena.copy(bigger, 0, 0, this.used);
      this.arena = bigger;
      this.view = new DataView(bigger.buffer, bigger.byteOffset, bigger.byteLength);
    }
    keys.keys.bytes.copy(this.arena, this.used, keys.start(id), keys.start(id) + length);
    const entry = this.count++;
    if (2 * entry + 2 > this.places.length) {
      const places = new Int32Array(Math.max(1 << 12, this.places.length * 2));
      places.set(this.places);
      this.places = places;
      const firsts = new Float64Array(places.length / 2);
      firsts.set(this.firsts);
      this.firsts = firsts;
    }
    this.places[2 * entry] = this.used;
    this.places[2 * entry + 1] = length;
    this.firsts[entry] = firstAt;
    this.used += length;
    const hash = keys.hash(id);
    const mask = (this.slots.length >> 1) - 1;
    let slot = hash & mask;
    while (this.slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
    this.slots[2 * slot] = hash;
    this.slots[2 * slot + 1] = entry + 1;
    if (entry * 4 > this.slots.length) this.slots = rehashed(this.slots);
  }

  private find(keys: ByteKeys, id: number): number {
    const hash = keys.hash(id);
    const length = keys.length(id);
    const mask = (this.slots.length >> 1) - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[2 * slot + 1] as number;
      if (entry === 0) return -1;
      if (this.slots[2 * slot] !== hash) continue;
      const k = entry - 1;
      if (
        this.places[2 * k + 1] === length &&
        sameBytes(this.view, this.places[2 * k] as number, keys.view, keys.start(id), length)
      )
        return k;
    }
  }
}
