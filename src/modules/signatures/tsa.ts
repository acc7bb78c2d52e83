import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { Platform } from '../../app.ts';
import { seq, tlv } from '../../platform/der.ts';
import { DIGESTS, digest, OID, signedAttributes, signedData } from './cms.ts';
import { type KeyMaterial, tsaOf } from './material.ts';

/** The TSA's policy (demo arc of the certification centre, like the certificate policies in docs/pki.md). */
export const TSA_POLICY = '1.3.6.1.4.1.99999.2.1';

const LENGTHS: Record<string, number> = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 };

/** PKIFailureInfo bits (RFC 3161 2.4.2). */
const FAIL = {
  badAlg: 0,
  badRequest: 2,
  badDataFormat: 5,
  unacceptedPolicy: 15,
  unacceptedExtension: 16,
  systemFailure: 25,
} as const;
export type TsaFailure = keyof typeof FAIL;

function failInfo(bit: number): Uint8Array {
  const bytes = new Uint8Array(Math.floor(bit / 8) + 2);
  bytes[0] = 7 - (bit % 8);
  bytes[1 + Math.floor(bit / 8)] = 0x80 >> (bit % 8);
  return tlv(0x03, bytes);
}

/** A TimeStampResp with status rejection (2) and the failure bit. */
export function rejection(failure: TsaFailure): Uint8Array {
  const text = seq(tlv(0x0c, Buffer.from(`rejected: ${failure}`, 'utf8')));
  return seq(seq(tlv(0x02, new Uint8Array([2])), text, failInfo(FAIL[failure])));
}

export interface StampInput {
  hashAlgorithm: pkijs.AlgorithmIdentifier;
  imprint: Uint8Array;
  nonce?: asn1js.Integer;
  /** Put the TSA certificate (and its issuer) into the token. */
  certReq: boolean;
  /** Leave the issuing CA out (inside a CAdES signature, which carries it already: PDF placeholders are small). */
  withoutIssuer?: boolean;
  now: Date;
}

/** The TimeStampToken (ContentInfo(SignedData(TSTInfo))) signed with the TSA key. */
export function stamp(tsa: KeyMaterial, input: StampInput): Uint8Array {
  const serial = crypto.randomBytes(16);
  serial[0] = ((serial[0] as number) & 0x7f) | 0x40;
  const info = new pkijs.TSTInfo({
    version: 1,
    policy: TSA_POLICY,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: input.hashAlgorithm,
      hashedMessage: new asn1js.OctetString({ valueHex: new Uint8Array(input.imprint).buffer }),
    }),
    serialNumber: new asn1js.Integer({ valueHex: new Uint8Array(serial).buffer }),
    genTime: input.now,
    accuracy: new pkijs.Accuracy({ seconds: 1 }),
    ...(input.nonce ? { nonce: input.nonce } : {}),
  });
  const content = new Uint8Array(info.toSchema().toBER(false));
  const attributes = signedAttributes({
    contentType: OID.tstInfo,
    digest: digest('sha256', content),
    signer: tsa.certificate,
    signingTime: input.now,
  });
  const signature = crypto.sign('sha256', attributes, { key: tsa.key, dsaEncoding: 'der' });
  return signedData({
    contentType: OID.tstInfo,
    content,
    certificates: !input.certReq ? [] : input.withoutIssuer ? [tsa.certificate.der] : tsa.certificates,
    signer: tsa.certificate,
    attributes,
    signature,
  });
}

/** Timestamps the SHA-256 of `data` (a signature value, for CAdES-T). */
export async function stampData(platform: Platform, data: Uint8Array): Promise<Uint8Array | undefined> {
  const tsa = await tsaOf(platform);
  if (!tsa) return undefined;
  return stamp(tsa, {
    hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
    imprint: digest('sha256', data),
    certReq: true,
    withoutIssuer: true,
    now: platform.clock.now(),
  });
}

/** Answers a DER TimeStampReq with a DER TimeStampResp; never throws. */
export async function respond(platform: Platform, der: Uint8Array): Promise<Uint8Array> {
  let request: pkijs.TimeStampReq;
  try {
    request = pkijs.TimeStampReq.fromBER(new Uint8Array(der).buffer);
  } catch {
    return rejection('badDataFormat');
  }
  if (request.version !== 1) return rejection('badRequest');
  const hash = DIGESTS[request.messageImprint.hashAlgorithm.algorithmId];
  if (!hash) return rejection('badAlg');
  const imprint = request.messageImprint.hashedMessage.valueBlock.valueHexView;
  if (imprint.length !== LENGTHS[hash]) return rejection('badDataFormat');
  if (request.reqPolicy && request.reqPolicy !== TSA_POLICY) return rejection('unacceptedPolicy');
  if (request.extensions?.length) return rejection('unacceptedExtension');
  const tsa = await tsaOf(platform).catch(() => undefined);
  if (!tsa) return rejection('systemFailure');
  const token = stamp(tsa, {
    hashAlgorithm: request.messageImprint.hashAlgorithm,
    imprint: new Uint8Array(imprint),
    ...(request.nonce ? { nonce: request.nonce } : {}),
    certReq: request.certReq ?? false,
    now: platform.clock.now(),
  });
  return seq(seq(tlv(0x02, new Uint8Array([0]))), token);
}
