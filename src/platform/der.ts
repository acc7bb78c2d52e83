/**
 * Just enough DER to write and walk certificates, CMS and RFC 3161 structures (pki and signatures).
 * Written by hand rather than through pkijs objects because signed attributes must be DER SET OF (sorted)
 * byte for byte, and because walking a signature this way costs microseconds (the verification goal is
 * hundreds per second per process).
 */

export interface Node {
  tag: number;
  start: number;
  headerLength: number;
  end: number;
}

export class Asn1Error extends Error {}

/** Reads one TLV at `offset`; throws Asn1Error on truncated or indefinite/odd lengths. */
export function read(buf: Uint8Array, offset: number, limit = buf.length): Node {
  const tag = buf[offset];
  let len = buf[offset + 1];
  if (tag === undefined || len === undefined || offset + 2 > limit) throw new Asn1Error('truncated');
  if ((tag & 0x1f) === 0x1f) throw new Asn1Error('high tag');
  let header = 2;
  if (len & 0x80) {
    const count = len & 0x7f;
    if (count === 0 || count > 4) throw new Asn1Error('bad length');
    len = 0;
    for (let i = 0; i < count; i++) {
      const b = buf[offset + 2 + i];
      if (b === undefined) throw new Asn1Error('truncated');
      len = len * 256 + b;
    }
    header += count;
  }
  const end = offset + header + len;
  if (end > limit) throw new Asn1Error('truncated');
  return { tag, start: offset, headerLength: header, end };
}

export function kids(buf: Uint8Array, parent: Node): Node[] {
  const out: Node[] = [];
  for (let at = parent.start + parent.headerLength; at < parent.end; ) {
    const child = read(buf, at, parent.end);
    out.push(child);
    at = child.end;
  }
  return out;
}

/** The children of `parent`, checking that the first ones have the expected tags. */
export function expect(buf: Uint8Array, parent: Node, ...tags: number[]): Node[] {
  const list = kids(buf, parent);
  tags.forEach((tag, i) => {
    if (list[i]?.tag !== tag) throw new Asn1Error(`expected tag ${tag}`);
  });
  return list;
}

export const whole = (buf: Uint8Array, n: Node) => buf.subarray(n.start, n.end);
export const inner = (buf: Uint8Array, n: Node) => buf.subarray(n.start + n.headerLength, n.end);

/** Parses a complete DER value (no trailing bytes). */
export function top(buf: Uint8Array): Node {
  const node = read(buf, 0);
  if (node.end !== buf.length) throw new Asn1Error('trailing bytes');
  return node;
}

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}

export function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const size = parts.reduce((sum, p) => sum + p.length, 0);
  const head = lengthBytes(size);
  const out = new Uint8Array(1 + head.length + size);
  out[0] = tag;
  out.set(head, 1);
  let at = 1 + head.length;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const seq = (...parts: Uint8Array[]) => tlv(0x30, ...parts);
export const octets = (b: Uint8Array) => tlv(0x04, b);
export const NULL = new Uint8Array([0x05, 0x00]);

function compare(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}

/** DER SET OF: the elements sorted by their encodings (X.690 11.6). */
export const setOf = (...parts: Uint8Array[]) => tlv(0x31, ...[...parts].sort(compare));

const oidCache = new Map<string, Uint8Array>();

export function oid(dotted: string): Uint8Array {
  const cached = oidCache.get(dotted);
  if (cached) return cached;
  const arcs = dotted.split('.').map(Number);
  const body: number[] = [(arcs[0] as number) * 40 + (arcs[1] as number)];
  for (const arc of arcs.slice(2)) {
    const chunk: number[] = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    body.push(...chunk);
  }
  const out = tlv(0x06, new Uint8Array(body));
  oidCache.set(dotted, out);
  return out;
}

export function oidString(content: Uint8Array): string {
  if (content.length === 0) throw new Asn1Error('empty oid');
  const first = content[0] as number;
  const arcs = [Math.min(2, Math.floor(first / 40)), first - Math.min(2, Math.floor(first / 40)) * 40];
  let v = 0;
  for (let i = 1; i < content.length; i++) {
    const b = content[i] as number;
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      arcs.push(v);
      v = 0;
    }
  }
  return arcs.join('.');
}

/** A positive INTEGER from big-endian bytes (sign byte added when needed). */
export function unsigned(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0 && ((bytes[i + 1] as number) & 0x80) === 0) i++;
  const trimmed = bytes.subarray(i);
  return (trimmed[0] as number) & 0x80 ? tlv(0x02, new Uint8Array([0]), trimmed) : tlv(0x02, trimmed);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** GeneralizedTime with milliseconds when there are any (RFC 3161 genTime; X.690 11.7). */
export function generalizedTime(date: Date, millis = false): Uint8Array {
  const ms = date.getUTCMilliseconds();
  const fraction = millis && ms ? `.${pad(ms, 3).replace(/0+$/, '')}` : '';
  const text = `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}${fraction}Z`;
  return tlv(0x18, Buffer.from(text, 'latin1'));
}

/** UTCTime until 2049, GeneralizedTime after (RFC 5652 signing-time). */
export function signingTime(date: Date): Uint8Array {
  const y = date.getUTCFullYear();
  if (y >= 2050 || y < 1950) return generalizedTime(date);
  const text = `${pad(y % 100)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
  return tlv(0x17, Buffer.from(text, 'latin1'));
}

/** Reads UTCTime (0x17) or GeneralizedTime (0x18), with optional fraction; Z only. */
export function readTime(buf: Uint8Array, n: Node): Date {
  const text = Buffer.from(inner(buf, n)).toString('latin1');
  const m =
    n.tag === 0x17
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
      : n.tag === 0x18
        ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{1,9}))?Z$/.exec(text)
        : null;
  if (!m) throw new Asn1Error('bad time');
  let year = Number(m[1]);
  if (n.tag === 0x17) year += year < 50 ? 2000 : 1900;
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  const date = new Date(
    Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms),
  );
  if (Number.isNaN(date.getTime())) throw new Asn1Error('bad time');
  return date;
}
