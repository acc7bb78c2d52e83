/** Just enough DER to read a PKCS#10 request and write a certificate from templates (the fast issuance path). */

export interface Tlv {
  tag: number;
  start: number;
  headerLength: number;
  length: number;
  end: number;
}

export function readTlv(buf: Uint8Array, offset: number): Tlv {
  const tag = buf[offset];
  let len = buf[offset + 1];
  if (tag === undefined || len === undefined) throw new Error('truncated');
  let header = 2;
  if (len & 0x80) {
    const count = len & 0x7f;
    if (count === 0 || count > 4) throw new Error('bad length');
    len = 0;
    for (let i = 0; i < count; i++) len = len * 256 + (buf[offset + 2 + i] ?? Number.NaN);
    header += count;
  }
  const end = offset + header + len;
  if (!Number.isFinite(len) || end > buf.length) throw new Error('truncated');
  return { tag, start: offset, headerLength: header, length: len, end };
}

/** The children of a constructed TLV. */
export function children(buf: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.start + parent.headerLength; at < parent.end; ) {
    const child = readTlv(buf, at);
    out.push(child);
    at = child.end;
  }
  return out;
}

export const bytes = (buf: Uint8Array, tlv: Tlv) => buf.subarray(tlv.start, tlv.end);
export const content = (buf: Uint8Array, tlv: Tlv) => buf.subarray(tlv.start + tlv.headerLength, tlv.end);

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

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** UTCTime until 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5). */
export function time(date: Date): Uint8Array {
  const y = date.getUTCFullYear();
  const rest = `${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
  if (y < 2050) return tlv(0x17, Buffer.from(`${pad(y % 100)}${rest}`, 'latin1'));
  return tlv(0x18, Buffer.from(`${pad(y, 4)}${rest}`, 'latin1'));
}

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/** A Name of attributes in the 2.5.4 arc (CN, surname, serialNumber, C, O, OU, givenName, organizationIdentifier). */
export function name(attributes: [number, string][]): Uint8Array {
  const rdns = attributes.map(([arc, value]) => {
    const printable = PRINTABLE.test(value);
    const encoded = tlv(printable ? 0x13 : 0x0c, Buffer.from(value, 'utf8'));
    return tlv(0x31, tlv(0x30, new Uint8Array([0x06, 0x03, 0x55, 0x04, arc]), encoded));
  });
  return tlv(0x30, ...rdns);
}
