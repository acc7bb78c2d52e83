import crypto from 'node:crypto';
import {
  Asn1Error,
  expect,
  inner,
  kids,
  type Node,
  NULL,
  octets,
  oid,
  oidString,
  read,
  seq,
  setOf,
  signingTime,
  tlv,
  top,
  unsigned,
  whole,
} from '../../platform/der.ts';
import type { ParsedCertificate } from './certificates.ts';

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStamp: '1.2.840.113549.1.9.16.2.14',
  sha256: '2.16.840.1.101.3.4.2.1',
  ecdsaSha256: '1.2.840.10045.4.3.2',
} as const;

/** Digest algorithms we accept in signatures and timestamp requests, by OID. */
export const DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** Signature algorithms: ECDSA with SHA-2, RSA PKCS#1 v1.5 (what openssl cms and our certificates use). */
const SIGNATURES: Record<string, string | undefined> = {
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.2.1': undefined, // id-ecPublicKey: the digest algorithm decides
  '1.2.840.113549.1.1.1': undefined, // rsaEncryption: likewise
};

export const algorithm = (dotted: string) => seq(oid(dotted));
const attribute = (type: string, value: Uint8Array) => seq(oid(type), setOf(value));

/** The signed attributes of a CAdES-BES signature, as the DER SET OF that is signed. */
export function signedAttributes(input: {
  contentType: string;
  digest: Uint8Array;
  signer: ParsedCertificate;
  signingTime?: Date;
}): Uint8Array {
  const essCertId = seq(
    octets(Buffer.from(input.signer.sha256, 'hex')),
    seq(seq(tlv(0xa4, input.signer.issuerDer)), input.signer.serialDer),
  );
  return setOf(
    attribute(OID.contentType, oid(input.contentType)),
    attribute(OID.messageDigest, octets(input.digest)),
    ...(input.signingTime ? [attribute(OID.signingTime, signingTime(input.signingTime))] : []),
    attribute(OID.signingCertificateV2, seq(seq(essCertId))),
  );
}

/** Assembles ContentInfo(SignedData) with one signer; `attributes` is the signed SET OF as signed. */
export function signedData(input: {
  contentType: string;
  content?: Uint8Array;
  certificates: Uint8Array[];
  signer: ParsedCertificate;
  attributes: Uint8Array;
  signature: Uint8Array;
  unsigned?: Uint8Array[];
}): Uint8Array {
  const signerInfo = seq(
    tlv(0x02, new Uint8Array([1])),
    seq(input.signer.issuerDer, input.signer.serialDer),
    algorithm(OID.sha256),
    tlv(0xa0, input.attributes.subarray(read(input.attributes, 0).headerLength)),
    algorithm(OID.ecdsaSha256),
    octets(input.signature),
    ...(input.unsigned?.length ? [tlv(0xa1, ...input.unsigned)] : []),
  );
  const version = input.contentType === OID.data ? 1 : 3;
  const body = seq(
    tlv(0x02, new Uint8Array([version])),
    setOf(algorithm(OID.sha256)),
    seq(oid(input.contentType), ...(input.content ? [tlv(0xa0, octets(input.content))] : [])),
    ...(input.certificates.length ? [tlv(0xa0, ...input.certificates)] : []),
    setOf(signerInfo),
  );
  return seq(oid(OID.signedData), tlv(0xa0, body));
}

export const timeStampAttribute = (token: Uint8Array) => attribute(OID.signatureTimeStamp, token);

/** WebCrypto's ECDSA signature is r||s; CMS wants the DER Ecdsa-Sig-Value. */
export function rawToDer(raw: Uint8Array): Uint8Array {
  if (raw.length === 0 || raw.length % 2 !== 0 || raw.length > 132) throw new Asn1Error('bad raw signature');
  const half = raw.length / 2;
  return seq(unsigned(raw.subarray(0, half)), unsigned(raw.subarray(half)));
}

export interface ParsedSignerInfo {
  certificate?: Uint8Array;
  issuerAndSerial?: { issuer: Uint8Array; serial: Uint8Array };
  digestAlgorithm: string;
  signatureDigest: string;
  /** The signed attributes re-tagged as SET (0x31): the bytes the signature covers. */
  signedAttributes: Uint8Array;
  attributes: Map<string, { buf: Uint8Array; value: Node }>;
  signature: Uint8Array;
  unsignedAttributes: Map<string, { buf: Uint8Array; value: Node }>;
}

export interface ParsedSignedData {
  contentType: string;
  content?: Uint8Array;
  certificates: Uint8Array[];
  signer: ParsedSignerInfo;
}

function attributesOf(buf: Uint8Array, node: Node): Map<string, { buf: Uint8Array; value: Node }> {
  const out = new Map<string, { buf: Uint8Array; value: Node }>();
  for (const attr of kids(buf, node)) {
    const [type, values] = expect(buf, attr, 0x06, 0x31);
    const [value] = values ? kids(buf, values) : [];
    if (!type || !value) throw new Asn1Error('empty attribute');
    const name = oidString(inner(buf, type));
    if (out.has(name)) throw new Asn1Error('repeated attribute');
    out.set(name, { buf, value });
  }
  return out;
}

/** Walks a DER ContentInfo(SignedData) with exactly one signer; throws Asn1Error on anything else. */
export function parseSignedData(der: Uint8Array): ParsedSignedData {
  const root = top(der);
  const [type, wrapped] = expect(der, root, 0x06, 0xa0);
  if (!type || !wrapped || oidString(inner(der, type)) !== OID.signedData) throw new Asn1Error('not signed');
  const [body] = expect(der, wrapped, 0x30);
  if (!body) throw new Asn1Error('no body');
  const parts = expect(der, body, 0x02, 0x31, 0x30);
  const encap = parts[2] as Node;
  const [ctype, explicit] = expect(der, encap, 0x06);
  let content: Uint8Array | undefined;
  if (explicit) {
    const [octetString] = kids(der, explicit);
    if (explicit.tag !== 0xa0 || octetString?.tag !== 0x04) throw new Asn1Error('bad content');
    content = inner(der, octetString);
  }
  const certificates: Uint8Array[] = [];
  const certs = parts.find((p, i) => i > 2 && p.tag === 0xa0);
  for (const c of certs ? kids(der, certs) : []) if (c.tag === 0x30) certificates.push(whole(der, c));
  const infos = parts[parts.length - 1] as Node;
  const signers = infos.tag === 0x31 ? kids(der, infos) : [];
  if (signers.length !== 1) throw new Asn1Error('one signer expected');
  const info = kids(der, signers[0] as Node);
  const [version, sid, digestAlg, signedAttrs] = info;
  if (version?.tag !== 0x02 || !sid || digestAlg?.tag !== 0x30 || signedAttrs?.tag !== 0xa0)
    throw new Asn1Error('bad signer info');
  const [sigAlg, sigValue, unsignedAttrs] = info.slice(4);
  if (sigAlg?.tag !== 0x30 || sigValue?.tag !== 0x04) throw new Asn1Error('bad signer info');
  const digestOid = oidString(inner(der, kids(der, digestAlg)[0] as Node));
  const sigOid = oidString(inner(der, kids(der, sigAlg)[0] as Node));
  const digestAlgorithm = DIGESTS[digestOid];
  if (!digestAlgorithm || !(sigOid in SIGNATURES)) throw new Asn1Error('unsupported algorithm');
  let issuerAndSerial: ParsedSignerInfo['issuerAndSerial'];
  if (sid.tag === 0x30) {
    const [issuer, serial] = expect(der, sid, 0x30, 0x02);
    issuerAndSerial = { issuer: whole(der, issuer as Node), serial: whole(der, serial as Node) };
  }
  // A copy (Buffer#slice would share memory and the retagging below would change the caller's bytes).
  const attrsBytes = new Uint8Array(whole(der, signedAttrs));
  attrsBytes[0] = 0x31;
  const signature = inner(der, sigValue);
  const parsed: ParsedSignerInfo = {
    digestAlgorithm,
    signatureDigest: SIGNATURES[sigOid] ?? digestAlgorithm,
    signedAttributes: attrsBytes,
    attributes: attributesOf(der, signedAttrs),
    signature,
    unsignedAttributes: unsignedAttrs?.tag === 0xa1 ? attributesOf(der, unsignedAttrs) : new Map(),
    ...(issuerAndSerial ? { issuerAndSerial } : {}),
  };
  return {
    contentType: oidString(inner(der, ctype as Node)),
    ...(content ? { content } : {}),
    certificates,
    signer: parsed,
  };
}

/** The digest of `data` by a Node hash name. */
export const digest = (name: string, data: Uint8Array) => crypto.createHash(name).update(data).digest();

export { NULL };
