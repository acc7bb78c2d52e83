import crypto from 'node:crypto';
import { expect, inner, kids, oidString, read, top, whole } from '../../platform/der.ts';
import type { CertificateSummary } from './contract.ts';

const KEY_USAGE = '2.5.29.15';
const EXT_KEY_USAGE = '2.5.29.37';
export const TIME_STAMPING = '1.3.6.1.5.5.7.3.8';

/** What verification needs from a certificate, parsed once and kept (see `parseCertificate`). */
export interface ParsedCertificate {
  der: Uint8Array;
  x509: crypto.X509Certificate;
  publicKey: crypto.KeyObject;
  /** The DER issuer Name and serial INTEGER, to match a SignerInfo's IssuerAndSerialNumber. */
  issuerDer: Uint8Array;
  serialDer: Uint8Array;
  /** SHA-256 of the DER, for ESS signing-certificate-v2. */
  sha256: string;
  keyUsage?: number;
  extendedKeyUsage: string[];
  summary: CertificateSummary;
}

const cache = new Map<string, ParsedCertificate>();
const MAX_CACHED = 10_000;

function field(lines: string[], key: string): string | undefined {
  return lines.find((l) => l.startsWith(`${key}=`))?.slice(key.length + 1);
}

function summarise(cert: crypto.X509Certificate): CertificateSummary {
  const subject = cert.subject.split('\n');
  const issuer = cert.issuer.split('\n');
  const serial = cert.serialNumber.toLowerCase().replace(/^(00)+(?=[0-9a-f]{2})/, '');
  const organisation = field(subject, 'O');
  return {
    serial,
    subject: [...subject].reverse().join(', '),
    issuer: [...issuer].reverse().join(', '),
    commonName: field(subject, 'CN') ?? '',
    ...(organisation ? { organisation } : {}),
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
  };
}

/** Parses (or finds in the cache) a DER certificate; throws on anything that is not one. */
export function parseCertificate(der: Uint8Array): ParsedCertificate {
  const sha256 = crypto.createHash('sha256').update(der).digest('hex');
  const hit = cache.get(sha256);
  if (hit) return hit;
  const root = top(der);
  const [tbs] = expect(der, root, 0x30, 0x30, 0x03);
  if (!tbs) throw new Error('no tbs');
  const parts = kids(der, tbs);
  const offset = parts[0]?.tag === 0xa0 ? 1 : 0;
  const [serial, , issuer] = parts.slice(offset);
  if (serial?.tag !== 0x02 || issuer?.tag !== 0x30) throw new Error('bad tbs');
  let keyUsage: number | undefined;
  const extendedKeyUsage: string[] = [];
  const extensions = parts.find((p) => p.tag === 0xa3);
  if (extensions) {
    const [list] = kids(der, extensions);
    for (const ext of list ? kids(der, list) : []) {
      const items = kids(der, ext);
      const id = items[0] && oidString(inner(der, items[0]));
      const value = items[items.length - 1];
      if (value?.tag !== 0x04) continue;
      const body = inner(der, value);
      if (id === KEY_USAGE) {
        const bits = inner(body, read(body, 0));
        keyUsage = ((bits[1] ?? 0) << 8) | (bits[2] ?? 0);
      } else if (id === EXT_KEY_USAGE) {
        for (const o of kids(body, read(body, 0))) extendedKeyUsage.push(oidString(inner(body, o)));
      }
    }
  }
  const x509 = new crypto.X509Certificate(Buffer.from(der));
  const parsed: ParsedCertificate = {
    der,
    x509,
    publicKey: x509.publicKey,
    issuerDer: whole(der, issuer),
    serialDer: whole(der, serial),
    sha256,
    ...(keyUsage === undefined ? {} : { keyUsage }),
    extendedKeyUsage,
    summary: summarise(x509),
  };
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(sha256, parsed);
  return parsed;
}

/** keyUsage digitalSignature (bit 0) or nonRepudiation (bit 1); no extension means unrestricted. */
export function maySign(cert: ParsedCertificate): boolean {
  return cert.keyUsage === undefined || (cert.keyUsage & 0xc000) !== 0;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

const chainCache = new Map<string, boolean>();

/** Whether `cert` was issued by `issuer` (name and signature), remembered per pair. */
export function issuedBy(cert: ParsedCertificate, issuer: ParsedCertificate): boolean {
  const key = `${cert.sha256}:${issuer.sha256}`;
  let ok = chainCache.get(key);
  if (ok === undefined) {
    try {
      ok = cert.x509.checkIssued(issuer.x509) && cert.x509.verify(issuer.publicKey);
    } catch {
      ok = false;
    }
    if (chainCache.size >= MAX_CACHED) chainCache.clear();
    chainCache.set(key, ok);
  }
  return ok;
}
