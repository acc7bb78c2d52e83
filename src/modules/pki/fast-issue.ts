import crypto from 'node:crypto';
import type { CaMaterial } from './ca.ts';
import { bytes, children, content, name, readTlv, time, tlv } from './der.ts';
import { type CertSubjectType, endEntityExtensions, VALIDITY_DAYS } from './profiles.ts';
import { x509 } from './x509.ts';

const SIG_OIDS: Record<string, string> = {
  '2a8648ce3d040302': 'sha256',
  '2a8648ce3d040303': 'sha384',
  '2a864886f70d01010b': 'sha256',
  '2a864886f70d01010c': 'sha384',
};
const SKI_OID = new Uint8Array([0x06, 0x03, 0x55, 0x1d, 0x0e]);

export interface ParsedCsr {
  spki: Uint8Array;
  publicKey: crypto.KeyObject;
}

/**
 * Parses a DER PKCS#10, checks its self-signature and the key: the same rules as checkCsr, without the
 * general-purpose ASN.1 machinery (this is the hot path of bulk issuance).
 */
export function parseCsrFast(der: Uint8Array): ParsedCsr | undefined {
  try {
    const outer = readTlv(der, 0);
    const [info, algorithm, signature] = children(der, outer);
    if (!info || !algorithm || !signature || outer.end !== der.length) return undefined;
    const [, , spkiTlv] = children(der, info);
    const [oid] = children(der, algorithm);
    const hash = oid ? SIG_OIDS[Buffer.from(content(der, oid)).toString('hex')] : undefined;
    if (!spkiTlv || !hash) return undefined;
    const spki = bytes(der, spkiTlv);
    const publicKey = crypto.createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    const details = publicKey.asymmetricKeyDetails;
    const strong =
      publicKey.asymmetricKeyType === 'ec'
        ? details?.namedCurve === 'prime256v1' || details?.namedCurve === 'secp384r1'
        : publicKey.asymmetricKeyType === 'rsa' && (details?.modulusLength ?? 0) >= 2048;
    if (!strong) return undefined;
    const sig = content(der, signature).subarray(1);
    const key =
      publicKey.asymmetricKeyType === 'ec' ? { key: publicKey, dsaEncoding: 'der' as const } : publicKey;
    if (!crypto.verify(hash, bytes(der, info), key, sig)) return undefined;
    return { spki, publicKey };
  } catch {
    return undefined;
  }
}

/** Issues certificates from pre-encoded parts: the CA material is parsed once, each certificate is a splice and a signature. */
export class FastIssuer {
  private constructor(
    private readonly issuerName: Uint8Array,
    private readonly signatureAlgorithm: Uint8Array,
    private readonly hash: string,
    private readonly key: crypto.KeyObject,
    private readonly extensions: Map<CertSubjectType, Uint8Array>,
  ) {}

  static async create(ca: CaMaterial): Promise<FastIssuer> {
    const raw = new Uint8Array(ca.issuing.rawData);
    const [tbs] = children(raw, readTlv(raw, 0));
    if (!tbs) throw new Error('issuing CA certificate unreadable');
    const fields = children(raw, tbs);
    const subject = fields[fields[0]?.tag === 0xa0 ? 5 : 4];
    if (!subject) throw new Error('issuing CA certificate unreadable');
    const key = crypto.KeyObject.from(ca.issuingSigner.privateKey);
    const p384 = key.asymmetricKeyDetails?.namedCurve === 'secp384r1';
    const signatureAlgorithm = tlv(
      0x30,
      new Uint8Array([0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, p384 ? 0x03 : 0x02]),
    );
    // Every extension but the subject key identifier is the same for all certificates of a type.
    const anyKey = await x509.PublicKey.create(
      (await crypto.webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']))
        .publicKey as CryptoKey,
    );
    const extensions = new Map<CertSubjectType, Uint8Array>();
    for (const type of ['person', 'legal', 'state'] as const) {
      const list = await endEntityExtensions(type, anyKey, ca.issuing, ca.urls);
      const fixed = list.filter((e) => e.type !== '2.5.29.14').map((e) => new Uint8Array(e.rawData));
      extensions.set(type, Buffer.concat(fixed));
    }
    return new FastIssuer(
      bytes(raw, subject).slice(),
      signatureAlgorithm,
      p384 ? 'sha384' : 'sha256',
      key,
      extensions,
    );
  }

  /** One certificate (DER) for a verified request; the subject comes from the registers, as in issue.ts. */
  issue(
    type: CertSubjectType,
    csr: ParsedCsr,
    subject: [number, string][],
    now: Date,
  ): { der: Uint8Array; serial: string } {
    const serialBytes = crypto.randomBytes(16);
    serialBytes[0] = ((serialBytes[0] as number) & 0x7f) | 0x40;
    const spki = readTlv(csr.spki, 0);
    const bitString = children(csr.spki, spki)[1];
    const keyBits = bitString ? content(csr.spki, bitString).subarray(1) : new Uint8Array();
    const ski = tlv(0x30, SKI_OID, tlv(0x04, tlv(0x04, crypto.createHash('sha1').update(keyBits).digest())));
    const notAfter = new Date(now.getTime() + VALIDITY_DAYS[type] * 86_400_000);
    const tbs = tlv(
      0x30,
      new Uint8Array([0xa0, 0x03, 0x02, 0x01, 0x02]),
      tlv(0x02, serialBytes),
      this.signatureAlgorithm,
      this.issuerName,
      tlv(0x30, time(new Date(now.getTime() - 60_000)), time(notAfter)),
      name(subject),
      csr.spki,
      tlv(0xa3, tlv(0x30, this.extensions.get(type) ?? new Uint8Array(), ski)),
    );
    const signature = crypto.sign(this.hash, tbs, { key: this.key, dsaEncoding: 'der' });
    const der = tlv(0x30, tbs, this.signatureAlgorithm, tlv(0x03, new Uint8Array([0]), signature));
    return { der, serial: serialBytes.toString('hex') };
  }
}
