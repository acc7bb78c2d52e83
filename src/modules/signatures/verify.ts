import crypto from 'node:crypto';
import type { Platform } from '../../app.ts';
import { Asn1Error, expect, inner, kids, oidString, read, readTime } from '../../platform/der.ts';
import { type CertStatus, certificateStatusAt } from '../pki/index.ts';
import {
  issuedBy,
  maySign,
  type ParsedCertificate,
  parseCertificate,
  sameBytes,
  TIME_STAMPING,
} from './certificates.ts';
import { DIGESTS, digest, OID, type ParsedSignedData, parseSignedData } from './cms.ts';
import type { CertificateState, SignatureFailure, SignatureReport } from './contract.ts';
import { type Trust, trustOf } from './material.ts';

/**
 * Revocation facts by serial, kept for a few seconds (by the platform clock): a status query costs more than
 * the rest of a verification (PGlite answers ~300/s), and the OCSP responder tolerates far longer.
 * A revocation is seen by verification within STATUS_MS.
 */
const STATUS_MS = 5_000;
const END_OF_TIME = new Date(8.64e15);
const statuses = new WeakMap<Platform, Map<string, { until: number; status: CertStatus }>>();

async function revocationOf(platform: Platform, serial: string): Promise<CertStatus> {
  let cache = statuses.get(platform);
  if (!cache) {
    cache = new Map();
    statuses.set(platform, cache);
  }
  const now = platform.clock.now().getTime();
  const hit = cache.get(serial);
  if (hit && hit.until > now && hit.until - STATUS_MS <= now) return hit.status;
  // "At the end of time": revoked at all, with the time, so that both moments are answered from one row.
  const status = await certificateStatusAt(platform.database.db, serial, END_OF_TIME);
  if (cache.size >= 100_000) cache.clear();
  cache.set(serial, { until: now + STATUS_MS, status });
  return status;
}

const malformed = (): SignatureReport => ({ valid: false, failure: 'malformed', chain: [] });

/** The signer's certificate among the CMS certificates, by IssuerAndSerialNumber. */
function signerCertificate(cms: ParsedSignedData): ParsedCertificate {
  const wanted = cms.signer.issuerAndSerial;
  if (!wanted) throw new Asn1Error('signer by key identifier is not supported');
  for (const der of cms.certificates) {
    const cert = parseCertificate(der);
    if (sameBytes(cert.issuerDer, wanted.issuer) && sameBytes(cert.serialDer, wanted.serial)) return cert;
  }
  throw new Asn1Error('signer certificate missing');
}

/** Checks the signed attributes' signature and the ESS signing-certificate-v2 binding, if present. */
function signatureHolds(cms: ParsedSignedData, cert: ParsedCertificate): boolean {
  const { signer } = cms;
  let ok = false;
  try {
    ok = crypto.verify(signer.signatureDigest, signer.signedAttributes, cert.publicKey, signer.signature);
  } catch {
    return false;
  }
  const ess = signer.attributes.get(OID.signingCertificateV2);
  if (!ok || !ess) return ok;
  const { buf, value } = ess;
  const [certs] = expect(buf, value, 0x30);
  const [first] = certs ? expect(buf, certs, 0x30) : [];
  if (!first) throw new Asn1Error('empty signing-certificate-v2');
  const parts = kids(buf, first);
  let hash = 'sha256';
  let at = 0;
  if (parts[0]?.tag === 0x30) {
    const algorithm = DIGESTS[oidString(inner(buf, kids(buf, parts[0])[0] as never))];
    if (!algorithm) return false;
    hash = algorithm;
    at = 1;
  }
  const certHash = parts[at];
  if (certHash?.tag !== 0x04) throw new Asn1Error('bad ESSCertIDv2');
  return sameBytes(inner(buf, certHash), digest(hash, cert.der));
}

/** The message-digest signed attribute against the document; content-type must be id-data / TSTInfo. */
function digestMatches(cms: ParsedSignedData, content: Uint8Array, contentType: string): boolean {
  const type = cms.signer.attributes.get(OID.contentType);
  const md = cms.signer.attributes.get(OID.messageDigest);
  if (!type || !md || type.value.tag !== 0x06 || md.value.tag !== 0x04) throw new Asn1Error('attributes');
  if (oidString(inner(type.buf, type.value)) !== contentType || cms.contentType !== contentType)
    throw new Asn1Error('content type');
  return sameBytes(inner(md.buf, md.value), digest(cms.signer.digestAlgorithm, content));
}

const chained = (cert: ParsedCertificate, trust: Trust | undefined): trust is Trust =>
  !!trust && issuedBy(cert, trust.issuing) && issuedBy(trust.issuing, trust.root);

/** An RFC 3161 token over the signature value, checked against our TSA chain. */
function checkTimestamp(
  token: Uint8Array,
  signatureValue: Uint8Array,
  trust: Trust | undefined,
): { time: Date; authority: string; valid: boolean } {
  const cms = parseSignedData(token);
  if (!cms.content) throw new Asn1Error('empty token');
  const info = cms.content;
  const [, , imprint, , genTime] = expect(info, read(info, 0), 0x02, 0x06, 0x30, 0x02, 0x18);
  const [algorithm, hashed] = expect(info, imprint as never, 0x30, 0x04);
  const hash = DIGESTS[oidString(inner(info, kids(info, algorithm as never)[0] as never))];
  const time = readTime(info, genTime as never);
  const tsa = signerCertificate(cms);
  const valid =
    !!hash &&
    sameBytes(inner(info, hashed as never), digest(hash, signatureValue)) &&
    digestMatches(cms, info, OID.tstInfo) &&
    signatureHolds(cms, tsa) &&
    chained(tsa, trust) &&
    tsa.extendedKeyUsage.includes(TIME_STAMPING) &&
    time >= tsa.summary.notBefore &&
    time <= tsa.summary.notAfter;
  return { time, authority: tsa.summary.commonName, valid };
}

/** Verifies a detached CMS over `content` (see SignatureReport for what is checked). */
export async function verifyDetached(
  platform: Platform,
  content: Uint8Array,
  signature: Uint8Array,
  options: { now?: Date } = {},
): Promise<SignatureReport> {
  let cms: ParsedSignedData;
  let signer: ParsedCertificate;
  try {
    cms = parseSignedData(signature);
    signer = signerCertificate(cms);
  } catch {
    return malformed();
  }
  const now = options.now ?? platform.clock.now();
  const trust = await trustOf(platform);
  try {
    return await evaluate(platform, cms, signer, content, trust, now);
  } catch {
    // Anything unreadable inside the attributes or the timestamp.
    return malformed();
  }
}

async function evaluate(
  platform: Platform,
  cms: ParsedSignedData,
  cert: ParsedCertificate,
  content: Uint8Array,
  trust: Trust | undefined,
  now: Date,
): Promise<SignatureReport> {
  const failures: SignatureFailure[] = [];
  if (!digestMatches(cms, content, OID.data)) failures.push('content-changed');
  if (!signatureHolds(cms, cert)) failures.push('bad-signature');
  const isOurs = chained(cert, trust);
  if (!isOurs) failures.push('unknown-ca');
  if (!maySign(cert)) failures.push('key-usage');
  const timeAttr = cms.signer.attributes.get(OID.signingTime);
  const signingTime = timeAttr ? readTime(timeAttr.buf, timeAttr.value) : undefined;
  const tokenAttr = cms.signer.unsignedAttributes.get(OID.signatureTimeStamp);
  let timestamp: SignatureReport['timestamp'];
  if (tokenAttr) {
    try {
      const { buf, value } = tokenAttr;
      timestamp = checkTimestamp(buf.subarray(value.start, value.end), cms.signer.signature, trust);
    } catch {
      timestamp = undefined;
    }
    if (!timestamp?.valid) failures.push('bad-timestamp');
  }
  const trusted = timestamp?.valid ? timestamp.time : (signingTime ?? now);
  const { notBefore, notAfter, serial } = cert.summary;
  if (trusted < notBefore) failures.push('not-yet-valid');
  if (trusted > notAfter) failures.push('expired');
  const report: SignatureReport = {
    valid: false,
    signer: cert.summary,
    ...(signingTime ? { signingTime } : {}),
    ...(timestamp ? { timestamp } : {}),
    chain: isOurs ? [cert.summary, trust.issuing.summary, trust.root.summary] : [cert.summary],
  };
  if (isOurs) {
    const status = await revocationOf(platform, serial);
    const past = (at: Date): CertificateState => (at > notAfter ? 'expired' : 'good');
    if (status.status === 'revoked' && status.revokedAt <= now) {
      report.revokedAt = status.revokedAt;
      report.statusNow = 'revoked';
      report.statusAtSigning = status.revokedAt <= trusted ? 'revoked' : past(trusted);
      if (report.statusAtSigning === 'revoked') failures.push('revoked');
    } else if (status.status === 'unknown') {
      report.statusAtSigning = 'unknown';
      report.statusNow = 'unknown';
      failures.push('unknown-ca');
    } else {
      report.statusAtSigning = past(trusted);
      report.statusNow = past(now);
    }
  }
  const order: SignatureFailure[] = [
    'content-changed',
    'bad-signature',
    'unknown-ca',
    'key-usage',
    'bad-timestamp',
    'not-yet-valid',
    'expired',
    'revoked',
  ];
  const failure = order.find((f) => failures.includes(f));
  report.valid = !failure;
  if (failure) report.failure = failure;
  return report;
}
