import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/client.ts';
import {
  encryptPrivateKey,
  generateKeyPair,
  type KeyKind,
  type Signer,
  serialHex,
  signingAlgorithmFor,
  softwareSigner,
} from './keys.ts';
import { pkiAuthorities } from './pki.tables.ts';
import { type PortalUrls, portalUrls } from './profiles.ts';
import { x509 } from './x509.ts';

const DAY = 24 * 3600 * 1000;
const OCSP_NO_CHECK = '1.3.6.1.5.5.7.48.1.5';
const ASN1_NULL = new Uint8Array([0x05, 0x00]);

export interface CaMaterial {
  root: x509.X509Certificate;
  issuing: x509.X509Certificate;
  ocsp: x509.X509Certificate;
  rootSigner: Signer;
  issuingSigner: Signer;
  ocspSigner: Signer;
  urls: PortalUrls;
}

export interface InitOptions {
  publicUrl: string;
  passphrase: string;
  now: Date;
  /**
   * 'fast': P-256 everywhere (tests); 'standard': a P-384 root. The issuing CA is P-256 in both: it signs every
   * certificate, CRL and (through the responder) nothing else, and OpenSSL 3 signs P-256 ~20x faster than P-384.
   */
  keys: 'fast' | 'standard';
}

async function caCertificate(
  subject: string,
  keys: CryptoKeyPair,
  issuer: { name: string; key: CryptoKey; cert?: x509.X509Certificate },
  now: Date,
  years: number,
  extensions: x509.Extension[],
): Promise<x509.X509Certificate> {
  return x509.X509CertificateGenerator.create({
    serialNumber: serialHex(),
    subject,
    issuer: issuer.name,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + years * 365 * DAY),
    publicKey: keys.publicKey,
    signingKey: issuer.key,
    signingAlgorithm: signingAlgorithmFor(issuer.key),
    extensions: [
      ...extensions,
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(issuer.cert ?? keys.publicKey),
    ],
  });
}

/** Creates root, issuing CA and OCSP responder once; returns false when a hierarchy exists already. */
export async function initHierarchy(db: Db | Tx, options: InitOptions): Promise<boolean> {
  const existing = await db.select({ role: pkiAuthorities.role }).from(pkiAuthorities).limit(1);
  if (existing.length > 0) return false;
  const rootKind: KeyKind = options.keys === 'fast' ? 'P-256' : 'P-384';
  const urls = portalUrls(options.publicUrl);
  const rootName = 'CN=Demo National Root CA, O=National Certification Services Centre, C=AZ';
  const issuingName = 'CN=Demo E-Signature Issuing CA, O=National Certification Services Centre, C=AZ';
  const rootKeys = await generateKeyPair(rootKind);
  const issuingKeys = await generateKeyPair('P-256');
  const ocspKeys = await generateKeyPair('P-256');
  const caUsage = new x509.KeyUsagesExtension(
    x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
    true,
  );
  const root = await caCertificate(
    rootName,
    rootKeys,
    { name: rootName, key: rootKeys.privateKey },
    options.now,
    20,
    [new x509.BasicConstraintsExtension(true, 1, true), caUsage],
  );
  const rootIssuer = { name: rootName, key: rootKeys.privateKey, cert: root };
  const issuing = await caCertificate(issuingName, issuingKeys, rootIssuer, options.now, 10, [
    new x509.BasicConstraintsExtension(true, 0, true),
    caUsage,
    new x509.CRLDistributionPointsExtension([urls.rootCrl]),
    new x509.AuthorityInfoAccessExtension({ caIssuers: [urls.rootCert] }),
  ]);
  const ocsp = await caCertificate(
    'CN=Demo OCSP Responder, O=National Certification Services Centre, C=AZ',
    ocspKeys,
    { name: issuingName, key: issuingKeys.privateKey, cert: issuing },
    options.now,
    1,
    [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.ocspSigning]),
      new x509.Extension(OCSP_NO_CHECK, false, ASN1_NULL),
    ],
  );
  const rows = [
    { role: 'root', cert: root, key: rootKeys.privateKey },
    { role: 'issuing', cert: issuing, key: issuingKeys.privateKey },
    { role: 'ocsp', cert: ocsp, key: ocspKeys.privateKey },
  ];
  for (const row of rows)
    await db.insert(pkiAuthorities).values({
      role: row.role,
      certPem: row.cert.toString('pem'),
      encryptedKeyPem: await encryptPrivateKey(row.key, options.passphrase),
      createdAt: options.now,
    });
  return true;
}

/** Decrypts the CA keys once; callers keep the result (re-parsing CA material per certificate is waste). */
export async function loadCa(
  db: Db | Tx,
  passphrase: string,
  publicUrl: string,
): Promise<CaMaterial | undefined> {
  const rows = await db.select().from(pkiAuthorities);
  const byRole = new Map(rows.map((r) => [r.role, r]));
  const parts = ['root', 'issuing', 'ocsp'].map((role) => byRole.get(role));
  if (parts.some((p) => !p)) return undefined;
  const [root, issuing, ocsp] = parts.map((p) => new x509.X509Certificate(p?.certPem ?? '')) as [
    x509.X509Certificate,
    x509.X509Certificate,
    x509.X509Certificate,
  ];
  const key = (role: string) => byRole.get(role)?.encryptedKeyPem ?? '';
  return {
    root,
    issuing,
    ocsp,
    rootSigner: await softwareSigner(key('root'), root, passphrase),
    issuingSigner: await softwareSigner(key('issuing'), issuing, passphrase),
    ocspSigner: await softwareSigner(key('ocsp'), ocsp, passphrase),
    urls: portalUrls(publicUrl),
  };
}

export async function hasHierarchy(db: Db | Tx): Promise<boolean> {
  const rows = await db
    .select({ role: pkiAuthorities.role })
    .from(pkiAuthorities)
    .where(eq(pkiAuthorities.role, 'issuing'));
  return rows.length > 0;
}
