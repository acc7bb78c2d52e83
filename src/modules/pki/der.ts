/** Just enough DER to read a PKCS#10 request and write a certificate from templates (the fast issuance path). */
import { tlv } from '../../platform/der.ts';

// Reading and writing TLVs is the platform's (shared with the signatures module); this file adds what
// certificates need.
export {
  inner as content,
  kids as children,
  type Node as Tlv,
  read as readTlv,
  tlv,
  whole as bytes,
} from '../../platform/der.ts';

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
