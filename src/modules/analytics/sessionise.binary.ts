// PostgreSQL's binary COPY format, only what the sessioniser needs: it is exact (timestamps as
// microseconds, texts as their bytes) and cheaper to read and write than the text format.

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const TEXT_OID = 25;

/** Microseconds and days are counted from 2000-01-01, PostgreSQL's epoch. */
export const POSTGRES_EPOCH_DAY = Date.UTC(2000, 0, 1) / 86_400_000;

/**
 * Reads a binary COPY output field by field, from one piece of it. Integers go through a DataView:
 * Buffer's readInt32BE and friends check their arguments on every call, which cost about a third of the
 * sessioniser's cut.
 */
export class BinaryReader {
  offset = 0;
  private readonly view: DataView;
  constructor(readonly buf: Buffer) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  /** Moves past the stream's header; false when the piece is too short to hold it. */
  header(): boolean {
    if (this.buf.length < 19) return false;
    if (!this.buf.subarray(0, 11).equals(SIGNATURE)) throw new Error('not a binary COPY stream');
    this.offset = 19 + this.view.getInt32(15);
    return true;
  }
  /** The number of fields of the next tuple, or -1 at the end. */
  next(): number {
    if (this.offset >= this.buf.length) return -1;
    const n = this.view.getInt16(this.offset);
    this.offset += 2;
    return n;
  }
  /** The length of the next field (-1 for null) and moves past its length word. */
  length(): number {
    const n = this.view.getInt32(this.offset);
    this.offset += 4;
    return n;
  }
  int8(): number {
    const at = this.offset + 4;
    this.offset = at + 8;
    return this.view.getInt32(at) * 4_294_967_296 + this.view.getUint32(at + 4);
  }
  int4(): number {
    const at = this.offset + 4;
    this.offset = at + 4;
    return this.view.getInt32(at);
  }
  /** Moves past a field. */
  skip(): void {
    const n = this.length();
    if (n > 0) this.offset += n;
  }
  /** Skips a field and returns its bytes (null for SQL null) without copying them. */
  bytes(): Buffer | null {
    const n = this.length();
    if (n < 0) return null;
    const value = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return value;
  }
}

/** Writes a binary COPY input into a growing buffer (integers through a DataView, as BinaryReader). */
export class BinaryWriter {
  private buf: Buffer;
  private view: DataView;
  private at = 0;
  /** `size`: a guess of the stream's length, so that it is rarely copied to grow. */
  constructor(size = 1 << 16) {
    this.buf = Buffer.allocUnsafe(Math.max(size, 1 << 16));
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    SIGNATURE.copy(this.buf, 0);
    this.buf.fill(0, 11, 19);
    this.at = 19;
  }
  private reserve(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
    this.view = new DataView(bigger.buffer, bigger.byteOffset, bigger.byteLength);
  }
  /** Copies bytes in: a loop for the short values of a visit, where Buffer.copy's call cost dominates. */
  private put(from: Buffer, start: number, length: number, at: number): void {
    if (length > 32) this.buf.set(from.subarray(start, start + length), at);
    else for (let i = 0; i < length; i++) this.buf[at + i] = from[start + i] as number;
  }
  tuple(fields: number): void {
    this.reserve(2);
    this.view.setInt16(this.at, fields);
    this.at += 2;
  }
  int8(value: number): void {
    this.reserve(12);
    this.view.setInt32(this.at, 8);
    this.view.setInt32(this.at + 4, Math.floor(value / 4_294_967_296));
    this.view.setUint32(this.at + 8, value >>> 0);
    this.at += 12;
  }
  int4(value: number): void {
    this.reserve(8);
    this.view.setInt32(this.at, 4);
    this.view.setInt32(this.at + 4, value);
    this.at += 8;
  }
  /** A boolean; returns the offset of its byte, which `setBoolean` can change later. */
  boolean(value: boolean): number {
    this.reserve(5);
    this.view.setInt32(this.at, 1);
    this.buf[this.at + 4] = value ? 1 : 0;
    this.at += 5;
    return this.at - 1;
  }
  text(value: Buffer | string | null): void {
    if (value === null) {
      this.reserve(4);
      this.view.setInt32(this.at, -1);
      this.at += 4;
      return;
    }
    const bytes = typeof value === 'string' ? Buffer.from(value) : value;
    this.slice(bytes, 0, bytes.length);
  }
  /** A text field from a slice of another buffer. */
  slice(from: Buffer, start: number, length: number): void {
    this.reserve(4 + length);
    this.view.setInt32(this.at, length);
    this.put(from, start, length, this.at + 4);
    this.at += 4 + length;
  }
  /** Fields already encoded (each its length word and bytes), as they were read from another stream. */
  raw(from: Buffer, start: number, length: number): void {
    this.reserve(length);
    this.put(from, start, length, this.at);
    this.at += length;
  }
  /**
   * The start of a one-dimensional text[] without nulls ('{}' when empty, as array_agg's coalesce gave)
   * of `count` elements, whose encoding (length word and bytes each, as read from a stream) takes
   * `bytes`: they follow, written by `raw`.
   */
  textArray(count: number, bytes: number): void {
    const size = (count ? 20 : 12) + bytes;
    this.reserve(4 + size);
    const view = this.view;
    const at = this.at;
    view.setInt32(at, size);
    view.setInt32(at + 4, count ? 1 : 0);
    view.setInt32(at + 8, 0);
    view.setInt32(at + 12, TEXT_OID);
    this.at += 16;
    if (count) {
      view.setInt32(at + 16, count);
      view.setInt32(at + 20, 1);
      this.at += 8;
    }
  }
  /** The whole stream with its trailer. */
  end(): Buffer {
    this.tuple(-1);
    return this.buf.subarray(0, this.at);
  }
}

/** A typed array twice as long, `array`'s elements at its start (the sessioniser's tables grow so). */
export function doubled<T extends Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer>>(array: T): T {
  const bigger = new (array.constructor as new (length: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** Byte strings appended one after another into one buffer, grown by doubling; found by their offset. */
export class ByteArena {
  bytes = Buffer.allocUnsafe(1 << 16);
  used = 0;

  /** Appends buf[start, start + length) and returns where it starts. */
  append(buf: Uint8Array, start: number, length: number): number {
    if (this.used + length > this.bytes.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + length));
      this.bytes.copy(bigger, 0, 0, this.used);
      this.bytes = bigger;
    }
    const at = this.used;
    // A loop: these strings are short, and Buffer.copy's call costs more than a few bytes' copy.
    for (let i = 0; i < length; i++) this.bytes[at + i] = buf[start + i] as number;
    this.used += length;
    return at;
  }
}

/**
 * Distinct byte strings, each numbered the first time it is seen (0, 1, 2...). The sessioniser's cut
 * looks up two per pageview: keyed by strings decoded for the purpose, a Map cost a string each time.
 * Bytes are hashed and compared four at a time through a DataView. The lookups are bound by memory, not
 * by arithmetic: a slot holds the key's hash (a probe compares hashes without reading the key), and keys
 * are copied into one buffer of their own, where comparing reads them from a few megabytes rather than
 * from wherever in the chunk's stream they were first seen (as pointers into the stream, with four arrays
 * per key, a lookup missed the cache several times, and they took a sixth of the process's time).
 */
export class ByteKeys {
  private slots = new Int32Array(2 << 12);
  /** Per key: its start in `keys`, its length and its hash. */
  private places = new Int32Array(3 << 12);
  private count = 0;
  readonly keys = new ByteArena();
  /** A view of `keys`' bytes (for comparing them four at a time). */
  view = new DataView(this.keys.bytes.buffer, this.keys.bytes.byteOffset, this.keys.bytes.byteLength);
  private lastBuf: Uint8Array | undefined;
  private lastView: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

  get size(): number {
    return this.count;
  }

  /** Where key `id`'s bytes start in `keys`. */
  start(id: number): number {
    return this.places[3 * id] as number;
  }

  length(id: number): number {
    return this.places[3 * id + 1] as number;
  }

  hash(id: number): number {
    return this.places[3 * id + 2] as number;
  }

  /**
   * The number of buf[start, start + length): its own if seen before, else `size` (now taken), or -1
   * when it is new and `add` is false.
   */
  id(buf: Uint8Array, start: number, length: number, add = true): number {
    if (buf !== this.lastBuf) {
      this.lastBuf = buf;
      this.lastView = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    }
    const view = this.lastView;
    const hash = hashBytes(view, start, length);
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[2 * slot + 1] as number;
      if (entry === 0) return add ? this.add(2 * slot, hash, buf, start, length) : -1;
      if (slots[2 * slot] !== hash) continue;
      const at = 3 * (entry - 1);
      const places = this.places;
      if (places[at + 1] === length && sameBytes(this.view, places[at] as number, view, start, length))
        return entry - 1;
    }
  }

  private add(slot: number, hash: number, buf: Uint8Array, start: number, length: number): number {
    const id = this.count++;
    this.slots[slot] = hash;
    this.slots[slot + 1] = id + 1;
    const before = this.keys.bytes;
    const at = this.keys.append(buf, start, length);
    const bytes = this.keys.bytes;
    if (bytes !== before) this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (3 * id + 3 > this.places.length) this.places = doubled(this.places);
    this.places[3 * id] = at;
    this.places[3 * id + 1] = length;
    this.places[3 * id + 2] = hash;
    if (id * 4 > this.slots.length) this.slots = rehashed(this.slots);
    return id;
  }
}

/**
 * An open-addressing table (ByteKeys, KnownVisitors) twice as large: its slots are pairs of a hash and an
 * entry's number + 1 (0 when free).
 */
export function rehashed(slots: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(slots.length * 2);
  const mask = (bigger.length >> 1) - 1;
  for (let s = 0; s < slots.length; s += 2) {
    if (slots[s + 1] === 0) continue;
    let slot = (slots[s] as number) & mask;
    while (bigger[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
    bigger[2 * slot] = slots[s] as number;
    bigger[2 * slot + 1] = slots[s + 1] as number;
  }
  return bigger;
}

/** MurmurHash3 (32 bits) of a view's bytes, four at a time (big-endian words: any order would do). */
function hashBytes(view: DataView<ArrayBufferLike>, start: number, length: number): number {
  let h = length;
  const words = start + (length & ~3);
  for (let i = start; i < words; i += 4) {
    let k = Math.imul(view.getUint32(i), 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
    h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
  }
  if (words < start + length) {
    let k = 0;
    for (let i = start + length - 1; i >= words; i--) k = (k << 8) | view.getUint8(i);
    k = Math.imul(k, 0xcc9e2d51);
    h ^= Math.imul((k << 15) | (k >>> 17), 0x1b873593);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

export function sameBytes(
  a: DataView<ArrayBufferLike>,
  at: number,
  b: DataView<ArrayBufferLike>,
  start: number,
  length: number,
): boolean {
  let i = 0;
  for (; i + 4 <= length; i += 4) if (a.getUint32(at + i) !== b.getUint32(start + i)) return false;
  for (; i < length; i++) if (a.getUint8(at + i) !== b.getUint8(start + i)) return false;
  return true;
}
