import { eq } from 'drizzle-orm';
import type { Platform } from '../../app.ts';
import { registerOrganisations } from '../identity/index.ts';
import { type CaMaterial, loadCa } from './ca.ts';
import { buildCertificate } from './issue.ts';
import { encryptPrivateKey, generateKeyPair, softwareSigner } from './keys.ts';
import { agencySealRow } from './pki.repository.ts';
import { recordIssued } from './pki.service.ts';
import { x509 } from './x509.ts';

export interface AgencySigner {
  certificate: x509.X509Certificate;
  /** Issuing CA first, then the root. */
  chain: x509.X509Certificate[];
  privateKey: CryptoKey;
  algorithm: Algorithm & { hash?: string };
}

/**
 * The server-side signing key of a state structure (for e-references and decisions the portal signs on
 * the agency's behalf): its state-structure certificate, issued on first use and kept encrypted.
 */
export async function agencySigner(
  platform: Platform,
  organisationId: string,
): Promise<AgencySigner | undefined> {
  const { db } = platform.database;
  const ca = await loadCa(db, platform.config.caPassphrase, platform.config.publicUrl);
  if (!ca) return undefined;
  const now = platform.clock.now();
  let row = await agencySealRow(db, organisationId);
  if (!row || row.revokedAt || row.notAfter < now) {
    const issued = await issueSeal(platform, ca, organisationId, now);
    if (!issued) return undefined;
    row = await agencySealRow(db, organisationId);
  }
  if (!row?.encryptedKeyPem) return undefined;
  const certificate = new x509.X509Certificate(row.certPem);
  const signer = await softwareSigner(row.encryptedKeyPem, certificate, platform.config.caPassphrase);
  return {
    certificate,
    chain: [ca.issuing, ca.root],
    privateKey: signer.privateKey,
    algorithm: signer.algorithm,
  };
}

async function issueSeal(
  platform: Platform,
  ca: CaMaterial,
  organisationId: string,
  now: Date,
): Promise<boolean> {
  const { db } = platform.database;
  const [organisation] = await db
    .select()
    .from(registerOrganisations)
    .where(eq(registerOrganisations.id, organisationId));
  if (organisation?.kind !== 'state') return false;
  const keys = await generateKeyPair('P-256');
  const publicKey = await x509.PublicKey.create(keys.publicKey);
  const subject: x509.JsonName = [
    { '2.5.4.6': ['AZ'] },
    { '2.5.4.10': [organisation.name] },
    { '2.5.4.3': [organisation.name] },
  ];
  const certificate = await buildCertificate(ca, { type: 'state', subject, publicKey, now });
  const key = await encryptPrivateKey(keys.privateKey, platform.config.caPassphrase);
  await db.transaction((tx) =>
    recordIssued(tx, now, certificate, {
      type: 'state',
      holder: `agency:${organisationId}`,
      organisationId,
      key,
    }),
  );
  return true;
}
