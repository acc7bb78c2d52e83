import type { CaMaterial } from './ca.ts';
import { FastIssuer, type ParsedCsr, parseCsrFast } from './fast-issue.ts';
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

/** The DER of a PEM or DER request, or undefined when it is neither. */
function requestDer(input: string | Uint8Array): Uint8Array | undefined {
  if (typeof input !== 'string') return input;
  const pem = PEM.exec(input)?.[0];
  if (!pem) return undefined;
  const body = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return /^[A-Za-z0-9+/]+=*$/.test(body) ? new Uint8Array(Buffer.from(body, 'base64')) : undefined;
}

/**
 * A checked request, ready to issue from: the fast reading (DER splice, node:crypto) for the usual ECDSA and
 * RSA requests, the general one (checkCsr) for the rest and to name what is wrong with a bad one.
 */
export type ReadyCsr =
  | { ok: true; fast: ParsedCsr; pem: string }
  | { ok: true; fast?: undefined; csr: x509.Pkcs10CertificateRequest; pem: string }
  | { ok: false; problem: CsrProblem };

export async function readCsr(input: string | Uint8Array): Promise<ReadyCsr> {
  const der = requestDer(input);
  const fast = der && parseCsrFast(der);
  if (der && fast) {
    const base64 = Buffer.from(der)
      .toString('base64')
      .replace(/(.{64})/g, '$1\n');
    return {
      ok: true,
      fast,
      pem: `-----BEGIN CERTIFICATE REQUEST-----\n${base64}\n-----END CERTIFICATE REQUEST-----\n`,
    };
  }
  const check = await checkCsr(input);
  return check.ok ? { ok: true, csr: check.csr, pem: check.csr.toString('pem') } : check;
}

// One fast issuer per loaded CA (its material is parsed once).
const issuers = new WeakMap<CaMaterial, Promise<FastIssuer>>();

/** Issues by the type's profile: the fast path when the request was read fast, else the general one. */
export async function issueCertificate(
  ca: CaMaterial,
  ready: Extract<ReadyCsr, { ok: true }>,
  type: CertSubjectType,
  subject: x509.JsonName,
  now: Date,
): Promise<x509.X509Certificate> {
  const arcs = subjectArcs(subject);
  if (!ready.fast || !arcs) {
    const publicKey = ready.fast ? new x509.PublicKey(ready.fast.spki.slice().buffer) : ready.csr.publicKey;
    return buildCertificate(ca, { type, subject, publicKey, now });
  }
  let issuer = issuers.get(ca);
  if (!issuer) {
    issuer = FastIssuer.create(ca);
    issuers.set(ca, issuer);
  }
  const { der } = (await issuer).issue(type, ready.fast, arcs, now);
  return new x509.X509Certificate(der.slice().buffer);
}

/** The subject as (2.5.4.N, value) pairs for the fast path; undefined for any other attribute. */
function subjectArcs(subject: x509.JsonName): [number, string][] | undefined {
  const arcs: [number, string][] = [];
  for (const rdn of subject)
    for (const [oid, values] of Object.entries(rdn)) {
      const arc = /^2\.5\.4\.(\d{1,2})$/.exec(oid)?.[1];
      if (!arc || values.length !== 1) return undefined;
      arcs.push([Number(arc), String(values[0])]);
    }
  return arcs;
}
