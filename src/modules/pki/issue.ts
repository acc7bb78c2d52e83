import type { CaMaterial } from './ca.ts';
import { acceptableKey, serialHex } from './keys.ts';
import { type CertSubjectType, endEntityExtensions, VALIDITY_DAYS } from './profiles.ts';
import { x509 } from './x509.ts';

export type CsrProblem = 'malformed' | 'badSignature' | 'weakKey';
export type CsrCheck = { ok: true; csr: x509.Pkcs10CertificateRequest } | { ok: false; problem: CsrProblem };

const PEM = /-----BEGIN (NEW )?CERTIFICATE REQUEST-----[\s\S]+?-----END (NEW )?CERTIFICATE REQUEST-----/;

/** Parses a PEM or DER PKCS#10 and checks proof of possession (its self-signature) and the key. */
export async function checkCsr(input: string | Uint8Array): Promise<CsrCheck> {
  let csr: x509.Pkcs10CertificateRequest;
  try {
    if (typeof input === 'string') {
      const pem = PEM.exec(input)?.[0];
      if (!pem) return { ok: false, problem: 'malformed' };
      csr = new x509.Pkcs10CertificateRequest(pem.replace('NEW CERTIFICATE', 'CERTIFICATE'));
    } else csr = new x509.Pkcs10CertificateRequest(input.slice().buffer);
  } catch {
    return { ok: false, problem: 'malformed' };
  }
  try {
    if (!acceptableKey(csr.publicKey)) return { ok: false, problem: 'weakKey' };
    if (!(await csr.verify())) return { ok: false, problem: 'badSignature' };
  } catch {
    // An algorithm WebCrypto does not know (DSA, Ed448, odd curves) is a key we do not accept.
    return { ok: false, problem: 'weakKey' };
  }
  return { ok: true, csr };
}

export interface IssueInput {
  type: CertSubjectType;
  subject: x509.JsonName;
  publicKey: x509.PublicKey;
  now: Date;
}

/** Signs an end-entity certificate by the type's profile with the issuing CA. */
export async function buildCertificate(ca: CaMaterial, input: IssueInput): Promise<x509.X509Certificate> {
  const notBefore = new Date(input.now.getTime() - 60_000);
  const notAfter = new Date(input.now.getTime() + VALIDITY_DAYS[input.type] * 24 * 3600 * 1000);
  return x509.X509CertificateGenerator.create({
    serialNumber: serialHex(),
    subject: input.subject,
    issuer: ca.issuing.subjectName,
    notBefore,
    notAfter,
    publicKey: input.publicKey,
    signingKey: ca.issuingSigner.privateKey,
    signingAlgorithm: ca.issuingSigner.algorithm,
    extensions: await endEntityExtensions(input.type, input.publicKey, ca.issuing, ca.urls),
  });
}

/** Serial as stored: lower-case hex without a leading 00 sign byte. */
export function normaliseSerial(raw: string): string | undefined {
  const hex = raw.trim().toLowerCase().replace(/[\s:]/g, '');
  if (!/^[0-9a-f]{1,64}$/.test(hex)) return undefined;
  return hex.replace(/^(00)+(?=[0-9a-f]{2})/, '');
}
