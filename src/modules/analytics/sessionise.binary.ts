// PostgreSQL's binary COPY format, only what the sessioniser needs: it is exact (timestamps as
// microseconds, texts as their bytes) and cheaper to read and write than the text format.

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const TEXT_OID = 25;

/** Microseconds and days are counted from 2000-01-01, PostgreSQL's epoch. */
export const POSTGRES_EPOCH_DAY = Date.UTC(2000, 0, 1) / 86_400_000;

/** Reads a binary COPY output: calls `row` with the offset of each tuple's first field. */
export class BinaryReader {
  offset: number;
  constructor(readonly buf: Buffer) {
    if (!buf.subarray(0, 11).equals(SIGNATURE)) throw new Error('not a binary COPY stream');
    this.offset = 19 + buf.readInt32BE(15);
  }
  /** The number of fields of the next tuple, or -1 at the end. */
  next(): number {
    if (this.offset >= this.buf.length) return -1;
    const n = this.buf.readInt16BE(this.offset);
    this.offset += 2;
    return n;
  }
  /** The length of the next field (-1 for null) and moves past its length word. */
  length(): number {
    const n = this.buf.readInt32BE(this.offset);
    this.offset += 4;
    return n;
  }
  int8(): number {
    this.length();
    const value = this.buf.readInt32BE(this.offset) * 4_294_967_296 + this.buf.readUInt32BE(this.offset + 4);
    this.offset += 8;
    return value;
  }
  int4(): number {
    this.length();
    const value = this.buf.readInt32BE(this.offset);
    this.offset += 4;
    return value;
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

/** Writes a binary COPY input into a growing buffer. */
export class BinaryWriter {
  private buf: Buffer;
  private at = 0;
  /** `size`: a guess of the stream's length, so that it is rarely copied to grow. */
  constructor(size = 1 << 16) {
    this.buf = Buffer.allocUnsafe(Math.max(size, 1 << 16));
    this.reserve(19);
    SIGNATURE.copy(this.buf, 0);
    this.buf.fill(0, 11, 19);
    this.at = 19;
  }
  private reserve(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
  }
  /** Copies bytes in: a loop for the short values of a visit, where Buffer.copy's call cost dominates. */
  private put(from: Buffer, start: number, length: number, at: number): void {
    if (length > 32) from.copy(this.buf, at, start, start + length);
    else for (let i = 0; i < length; i++) this.buf[at + i] = from[start + i] as number;
  }
  tuple(fields: number): void {
    this.reserve(2);
    this.buf.writeInt16BE(fields, this.at);
    this.at += 2;
  }
  int8(value: number): void {
    this.reserve(12);
    this.buf.writeInt32BE(8, this.at);
    this.buf.writeInt32BE(Math.floor(value / 4_294_967_296), this.at + 4);
    this.buf.writeUInt32BE(value >>> 0, this.at + 8);
    this.at += 12;
  }
  int4(value: number): void {
    this.reserve(8);
    this.buf.writeInt32BE(4, this.at);
    this.buf.writeInt32BE(value, this.at + 4);
    this.at += 8;
  }
  text(value: Buffer | string | null): void {
    if (value === null) {
      this.reserve(4);
      this.buf.writeInt32BE(-1, this.at);
      this.at += 4;
      return;
    }
    const bytes = typeof value === 'string' ? Buffer.from(value) : value;
    this.reserve(4 + bytes.length);
    this.buf.writeInt32BE(bytes.length, this.at);
    this.put(bytes, 0, bytes.length, this.at + 4);
    this.at += 4 + bytes.length;
  }
  /** A text field from a slice of another buffer. */
  slice(from: Buffer, start: number, length: number): void {
    this.reserve(4 + length);
    this.buf.writeInt32BE(length, this.at);
    this.put(from, start, length, this.at + 4);
    this.at += 4 + length;
  }
  /** A one-dimensional text[] without nulls ('{}' when empty, as array_agg's coalesce gave). */
  textArray(values: Buffer[]): void {
    let size = values.length ? 20 : 12;
    for (const v of values) size += 4 + v.length;
    this.reserve(4 + size);
    const b = this.buf;
    let at = this.at;
    b.writeInt32BE(size, at);
    b.writeInt32BE(values.length ? 1 : 0, at + 4);
    b.writeInt32BE(0, at + 8);
    b.writeInt32BE(TEXT_OID, at + 12);
    at += 16;
    if (values.length) {
      b.writeInt32BE(values.length, at);
      b.writeInt32BE(1, at + 4);
      at += 8;
    }
    for (const v of values) {
      b.writeInt32BE(v.length, at);
      this.put(v, 0, v.length, at + 4);
      at += 4 + v.length;
    }
    this.at = at;
  }
  /** The whole stream with its trailer. */
  end(): Buffer {
    this.tuple(-1);
    return this.buf.subarray(0, this.at);
  }
}
