import type { Signer } from './keys.ts';
import { x509 } from './x509.ts';

const CRL_NUMBER = '2.5.29.20';
export const CRL_VALIDITY_MS = 24 * 3600_000;

/** DER INTEGER of a non-negative number (CRL numbers fit in a JS safe integer). */
function derInteger(value: number): Uint8Array {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (Number.parseInt(hex.slice(0, 2), 16) & 0x80) hex = `00${hex}`;
  const body = Buffer.from(hex, 'hex');
  return new Uint8Array([0x02, body.length, ...body]);
}

export interface CrlEntry {
  serial: string;
  revokedAt: Date;
  reason: number | null;
}

export async function buildCrl(
  issuer: x509.X509Certificate,
  signer: Signer,
  entries: CrlEntry[],
  number: number,
  now: Date,
): Promise<x509.X509Crl> {
  return x509.X509CrlGenerator.create({
    issuer: issuer.subjectName,
    thisUpdate: now,
    nextUpdate: new Date(now.getTime() + CRL_VALIDITY_MS),
    entries: entries.map((e) => ({
      serialNumber: e.serial,
      revocationDate: e.revokedAt,
      ...(e.reason ? { reason: e.reason as x509.X509CrlReason } : {}),
    })),
    signingKey: signer.privateKey,
    signingAlgorithm: signer.algorithm,
    extensions: [
      await x509.AuthorityKeyIdentifierExtension.create(issuer),
      new x509.Extension(CRL_NUMBER, false, derInteger(number).slice().buffer),
    ],
  });
}

/** @peculiar/x509 labels CRLs "X509 CRL" only in some versions; openssl needs exactly that label. */
export function crlPem(der: Uint8Array): string {
  const base64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN X509 CRL-----\n${base64}\n-----END X509 CRL-----\n`;
}

export function certificatePem(der: ArrayBuffer | Uint8Array): string {
  const base64 = Buffer.from(der as ArrayBuffer)
    .toString('base64')
    .replace(/.{64}/g, '$&\n')
    .replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`;
}
