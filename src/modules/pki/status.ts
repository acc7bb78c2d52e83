import type { Db, Tx } from '../../platform/db/client.ts';
import type { CertStatus } from './ocsp.ts';
import { findCertificate } from './pki.repository.ts';

/**
 * A certificate's status at a moment, from our revocation data: revoked only if revoked at or before `at`
 * (a signature made before the revocation stays valid). Expiry is the caller's check against the certificate.
 */
export async function certificateStatusAt(db: Db | Tx, serial: string, at: Date): Promise<CertStatus> {
  const row = await findCertificate(db, serial);
  if (!row) return { status: 'unknown' };
  if (row.revokedAt && row.revokedAt.getTime() <= at.getTime())
    return { status: 'revoked', revokedAt: row.revokedAt, reason: row.revocationReason };
  return { status: 'good' };
}
