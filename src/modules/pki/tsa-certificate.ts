import { and, desc, eq, isNotNull } from 'drizzle-orm';
import type { Platform } from '../../app.ts';
import { appendAudit } from '../audit/index.ts';
import { loadCa } from './ca.ts';
import { encryptPrivateKey, generateKeyPair, serialHex, softwareSigner } from './keys.ts';
import { insertCertificate } from './pki.repository.ts';
import { pkiCertificates } from './pki.tables.ts';
import { x509 } from './x509.ts';

/** The holder recorded for the centre's own timestamp authority certificate in `pki_certificates`. */
const TSA_HOLDER = 'centre:tsa';
const VALIDITY_MS = 3 * 365 * 24 * 3600_000;
const SUBJECT = 'CN=Demo Time-Stamping Authority, O=National Certification Services Centre, C=AZ';

export interface TsaSigner {
  certificate: x509.X509Certificate;
  /** Issuing CA first, then the root. */
  chain: x509.X509Certificate[];
  privateKey: CryptoKey;
}

/**
 * The timestamp authority's key and certificate (RFC 3161 2.3: extendedKeyUsage id-kp-timeStamping only,
 * critical), issued by the issuing CA on first use and kept encrypted like the agency seals.
 * Undefined when the CA hierarchy does not exist yet.
 */
export async function tsaSigner(platform: Platform): Promise<TsaSigner | undefined> {
  const { db } = platform.database;
  const { caPassphrase, publicUrl } = platform.config;
  const ca = await loadCa(db, caPassphrase, publicUrl);
  if (!ca) return undefined;
  const now = platform.clock.now();
  const current = async () => {
    const [row] = await db
      .select()
      .from(pkiCertificates)
      .where(and(eq(pkiCertificates.holderPersonId, TSA_HOLDER), isNotNull(pkiCertificates.encryptedKeyPem)))
      .orderBy(desc(pkiCertificates.notBefore))
      .limit(1);
    return row && !row.revokedAt && row.notAfter > now ? row : undefined;
  };
  let row = await current();
  if (!row) {
    const keys = await generateKeyPair('P-256');
    const publicKey = await x509.PublicKey.create(keys.publicKey);
    const certificate = await x509.X509CertificateGenerator.create({
      serialNumber: serialHex(),
      subject: SUBJECT,
      issuer: ca.issuing.subjectName,
      notBefore: new Date(now.getTime() - 60_000),
      notAfter: new Date(Math.min(now.getTime() + VALIDITY_MS, ca.issuing.notAfter.getTime())),
      publicKey,
      signingKey: ca.issuingSigner.privateKey,
      signingAlgorithm: ca.issuingSigner.algorithm,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
          true,
        ),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.timeStamping], true),
        new x509.CRLDistributionPointsExtension([ca.urls.issuingCrl]),
        new x509.AuthorityInfoAccessExtension({ ocsp: [ca.urls.ocsp], caIssuers: [ca.urls.issuingCert] }),
        await x509.SubjectKeyIdentifierExtension.create(publicKey),
        await x509.AuthorityKeyIdentifierExtension.create(ca.issuing),
      ],
    });
    const key = await encryptPrivateKey(keys.privateKey, caPassphrase);
    await db.transaction(async (tx) => {
      await insertCertificate(tx, {
        serial: certificate.serialNumber.toLowerCase(),
        subjectType: 'state',
        holderPersonId: TSA_HOLDER,
        organisationId: null,
        subject: certificate.subject,
        certPem: certificate.toString('pem'),
        notBefore: certificate.notBefore,
        notAfter: certificate.notAfter,
        encryptedKeyPem: key,
      });
      await appendAudit(
        tx,
        {
          action: 'pki.certificate.issued',
          actorAccountId: null,
          subjectPersonId: null,
          subjectType: 'certificate',
          subjectId: certificate.serialNumber.toLowerCase(),
          details: { subjectType: 'tsa' },
        },
        now,
      );
    });
    row = await current();
  }
  if (!row?.encryptedKeyPem) return undefined;
  const certificate = new x509.X509Certificate(row.certPem);
  const signer = await softwareSigner(row.encryptedKeyPem, certificate, caPassphrase);
  return { certificate, chain: [ca.issuing, ca.root], privateKey: signer.privateKey };
}
