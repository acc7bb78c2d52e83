import { rehashed } from './sessionise.binary.ts';

/**
 * Visitors a sessionising run has already stored, each with a first pageview that web_visitors holds or
 * precedes (its first_at only ever moves earlier). A chunk's visitor whose first pageview in the chunk
 * is not earlier cannot be new nor move, and is left out of the upsert: there, looking up a known
 * visitor in web_visitors' key (even on conflict without an update) cost most of a chunk's upsert, 0.6–1 s
 * for the 130,000 visitors of 500,000 pageviews.
 *
 * Keys are the visitors' bytes as latin1 strings (as the cut gives them), kept as bytes in one arena,
 * numbered by open addressing. Entries are staged while a chunk's transaction runs and kept only once it
 * has committed. The cache stops growing at `maxBytes` (keys and their entries, about 48 bytes each
 * besides the key): visitors beyond go to the upsert as before. The reference half-year's 1.1 million
 * visitors take about 66 MB with the bench's 13-byte keys, 98 MB with 43-byte pseudonyms.
 */
// Bytes an entry takes besides its key: three array elements of 8 bytes and two to four slots of 8.
const ENTRY_BYTES = 56;

export class KnownVisitors {
  /** Pairs of a hash and an entry's number + 1 (0 when free). */
  private slots = new Int32Array(2 << 12);
  private count = 0;
  // Grown on the first visitor kept: the SQL path (PGlite, the minute job) never keeps one.
  private arena = Buffer.alloc(0);
  private used = 0;
  private readonly starts: number[] = [];
  private readonly lengths: number[] = [];
  private readonly firsts: number[] = [];
  private staged: { key: string; firstAt: number }[] = [];

  constructor(private readonly maxBytes = 96 << 20) {}

  get size(): number {
    return this.count;
  }

  /** Whether the visitor is known with a first pageview at or before `firstAt` (microseconds). */
  covers(key: string, firstAt: number): boolean {
    const k = this.find(key, hashString(key));
    return k >= 0 && (this.firsts[k] as number) <= firstAt;
  }

  /** Remembers a visitor of the chunk being stored, once its transaction commits. */
  stage(key: string, firstAt: number): void {
    this.staged.push({ key, firstAt });
  }

  /** The chunk's transaction committed: its visitors are stored. */
  commit(): void {
    for (const { key, firstAt } of this.staged) this.set(key, firstAt);
    this.staged = [];
  }

  /** Forgets everything (web_visitors was emptied, or a transaction failed). */
  clear(): void {
    this.slots = new Int32Array(2 << 12);
    this.count = 0;
    this.used = 0;
    for (const list of [this.starts, this.lengths, this.firsts]) list.length = 0;
    this.staged = [];
  }

  private set(key: string, firstAt: number): void {
    const hash = hashString(key);
    const k = this.find(key, hash);
    if (k >= 0) {
      if (firstAt < (this.firsts[k] as number)) this.firsts[k] = firstAt;
      return;
    }
    if (this.used + (this.count + 1) * ENTRY_BYTES + key.length > this.maxBytes) return;
    if (this.used + key.length > this.arena.length) {
      const bigger = Buffer.allocUnsafe(
        Math.min(this.maxBytes, Math.max(this.arena.length * 2, this.used + key.length, 1 << 16)),
      );
      this.arena.copy(bigger, 0, 0, this.used);
      this.arena = bigger;
    }
    this.arena.write(key, this.used, 'latin1');
    const id = this.count++;
    this.starts.push(this.used);
    this.lengths.push(key.length);
    this.firsts.push(firstAt);
    this.used += key.length;
    const mask = (this.slots.length >> 1) - 1;
    let slot = hash & mask;
    while (this.slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
    this.slots[2 * slot] = hash;
    this.slots[2 * slot + 1] = id + 1;
    if (id * 4 > this.slots.length) this.slots = rehashed(this.slots);
  }

  private find(key: string, hash: number): number {
    const mask = (this.slots.length >> 1) - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[2 * slot + 1] as number;
      if (entry === 0) return -1;
      const k = entry - 1;
      if (this.slots[2 * slot] === hash && this.lengths[k] === key.length && this.same(k, key)) return k;
    }
  }

  private same(k: number, key: string): boolean {
    const at = this.starts[k] as number;
    for (let i = 0; i < key.length; i++) if (this.arena[at + i] !== key.charCodeAt(i)) return false;
    return true;
  }
}

/** FNV-1a of a latin1 string's characters (its bytes), mixed so that the low bits index well. */
function hashString(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16_777_619);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}
