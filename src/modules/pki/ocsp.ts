import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { CaMaterial } from './ca.ts';
import { normaliseSerial } from './issue.ts';

pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: crypto.webcrypto as Crypto }));

export type CertStatus =
  | { status: 'good' }
  | { status: 'unknown' }
  | { status: 'revoked'; revokedAt: Date; reason: number | null };

export type StatusLookup = (serial: string) => Promise<CertStatus>;

const NONCE = '1.3.6.1.5.5.7.48.1.2';
const BASIC = '1.3.6.1.5.5.7.48.1.1';
const HASHES: Record<string, string> = { '1.3.14.3.2.26': 'sha1', '2.16.840.1.101.3.4.2.1': 'sha256' };
/** A pre-produced response is re-signed at the latest after this long, so thisUpdate stays fresh. */
const CACHE_MS = 3600_000;
const NEXT_UPDATE_MS = 24 * 3600_000;
const MAX_CACHED = 200_000;

export const OCSP_ERRORS = { malformedRequest: 1, internalError: 2, unauthorized: 6 } as const;

export function errorResponse(status: number): Uint8Array {
  const response = new pkijs.OCSPResponse({ responseStatus: new asn1js.Enumerated({ value: status }) });
  return new Uint8Array(response.toSchema().toBER(false));
}

function certStatusSchema(status: CertStatus): asn1js.BaseBlock {
  if (status.status === 'good') return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 } });
  if (status.status === 'unknown') return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 2 } });
  const reason =
    status.reason === null
      ? []
      : [
          new asn1js.Constructed({
            idBlock: { tagClass: 3, tagNumber: 0 },
            value: [new asn1js.Enumerated({ value: status.reason })],
          }),
        ];
  return new asn1js.Constructed({
    idBlock: { tagClass: 3, tagNumber: 1 },
    value: [new asn1js.GeneralizedTime({ valueDate: status.revokedAt }), ...reason],
  });
}

interface Cached {
  der: Uint8Array;
  until: number;
}

/** RFC 6960 responder for the issuing CA: SHA-1 and SHA-256 CertIDs, nonce echo, pre-produced responses. */
export class OcspResponder {
  private readonly issuerHashes = new Map<string, { name: string; key: string }>();
  private readonly responderKeyHash: ArrayBuffer;
  private readonly responderCert: pkijs.Certificate;
  /** Pre-produced responses by the exact request bytes (no nonce), so a hot request is not even parsed. */
  private readonly cache = new Map<string, Cached>();
  private readonly keysBySerial = new Map<string, Set<string>>();

  constructor(
    private readonly ca: CaMaterial,
    private readonly lookup: StatusLookup,
    private readonly now: () => Date,
  ) {
    const issuer = pkijs.Certificate.fromBER(ca.issuing.rawData);
    const name = new Uint8Array(issuer.subject.toSchema().toBER(false));
    const key = issuer.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
    for (const hash of Object.values(HASHES))
      this.issuerHashes.set(hash, {
        name: crypto.createHash(hash).update(name).digest('hex'),
        key: crypto.createHash(hash).update(key).digest('hex'),
      });
    this.responderCert = pkijs.Certificate.fromBER(ca.ocsp.rawData);
    const ownKey = this.responderCert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
    this.responderKeyHash = new Uint8Array(crypto.createHash('sha1').update(ownKey).digest()).buffer;
  }

  /** A status change: the next request for this serial gets a freshly signed response. */
  invalidate(serial: string): void {
    for (const key of this.keysBySerial.get(serial) ?? []) this.cache.delete(key);
    this.keysBySerial.delete(serial);
  }

  async respond(der: Uint8Array): Promise<Uint8Array> {
    const requestKey = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
    const cached = this.cache.get(requestKey);
    if (cached && cached.until > this.now().getTime()) return cached.der;
    let request: pkijs.OCSPRequest;
    try {
      request = pkijs.OCSPRequest.fromBER(der.slice().buffer);
    } catch {
      return errorResponse(OCSP_ERRORS.malformedRequest);
    }
    const items = request.tbsRequest.requestList;
    if (items.length === 0 || items.length > 20) return errorResponse(OCSP_ERRORS.malformedRequest);
    const nonce = request.tbsRequest.requestExtensions?.find((e) => e.extnID === NONCE);
    const singles: { certID: pkijs.CertID; status: CertStatus; key: string }[] = [];
    for (const item of items) {
      const id = item.reqCert;
      const hash = HASHES[id.hashAlgorithm.algorithmId];
      const expected = hash ? this.issuerHashes.get(hash) : undefined;
      if (!hash || !expected) return errorResponse(OCSP_ERRORS.unauthorized);
      const nameHash = Buffer.from(id.issuerNameHash.valueBlock.valueHexView).toString('hex');
      const keyHash = Buffer.from(id.issuerKeyHash.valueBlock.valueHexView).toString('hex');
      if (nameHash !== expected.name || keyHash !== expected.key)
        return errorResponse(OCSP_ERRORS.unauthorized);
      const serial = normaliseSerial(Buffer.from(id.serialNumber.valueBlock.valueHexView).toString('hex'));
      if (!serial) return errorResponse(OCSP_ERRORS.malformedRequest);
      singles.push({ certID: id, status: { status: 'unknown' }, key: serial });
      const last = singles[singles.length - 1];
      if (last) last.status = await this.lookup(serial);
    }
    const response = await this.sign(singles, nonce);
    // Without a nonce the answer is the same for everyone until the status changes: pre-produce it.
    if (!nonce)
      this.remember(
        requestKey,
        singles.map((s) => s.key),
        response,
      );
    return response;
  }

  private remember(requestKey: string, serials: string[], response: Uint8Array): void {
    if (this.cache.size >= MAX_CACHED) {
      this.cache.clear();
      this.keysBySerial.clear();
    }
    this.cache.set(requestKey, { der: response, until: this.now().getTime() + CACHE_MS });
    for (const serial of serials) {
      const keys = this.keysBySerial.get(serial) ?? new Set<string>();
      keys.add(requestKey);
      this.keysBySerial.set(serial, keys);
    }
  }

  private async sign(singles: { certID: pkijs.CertID; status: CertStatus }[], nonce?: pkijs.Extension) {
    const now = this.now();
    const basic = new pkijs.BasicOCSPResponse();
    basic.tbsResponseData.responderID = new asn1js.OctetString({ valueHex: this.responderKeyHash });
    basic.tbsResponseData.producedAt = now;
    basic.tbsResponseData.responses = singles.map(
      (s) =>
        new pkijs.SingleResponse({
          certID: s.certID,
          certStatus: certStatusSchema(s.status),
          thisUpdate: now,
          nextUpdate: new Date(now.getTime() + NEXT_UPDATE_MS),
        }),
    );
    if (nonce)
      basic.tbsResponseData.responseExtensions = [
        new pkijs.Extension({
          extnID: NONCE,
          extnValue: nonce.extnValue.valueBlock.valueHexView.slice().buffer,
        }),
      ];
    basic.certs = [this.responderCert];
    await basic.sign(this.ca.ocspSigner.privateKey, 'SHA-256');
    const response = new pkijs.OCSPResponse({
      responseStatus: new asn1js.Enumerated({ value: 0 }),
      responseBytes: new pkijs.ResponseBytes({
        responseType: BASIC,
        response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER(false) }),
      }),
    });
    return new Uint8Array(response.toSchema().toBER(false));
  }
}
