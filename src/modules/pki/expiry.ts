import { and, gt, isNull, lte } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { residentContact } from '../identity/index.ts';
import { enqueueForResident } from '../notifications/index.ts';
import { pkiCertificates } from './pki.tables.ts';

export const REMIND_DAYS_AHEAD = 30;

/**
 * Queues the "your certificate expires on ..." message for every valid certificate of a person that expires
 * within 30 days, on the channels the holder chose. The dedupe key per certificate makes every later run a
 * no-op for it, so the job can run as often as it likes. Agency seals have no person to tell and are skipped.
 */
export async function queueExpiryReminders(db: Db, now: Date): Promise<number> {
  const horizon = new Date(now.getTime() + REMIND_DAYS_AHEAD * 86_400_000);
  const expiring = await db
    .select({
      serial: pkiCertificates.serial,
      holder: pkiCertificates.holderPersonId,
      notAfter: pkiCertificates.notAfter,
    })
    .from(pkiCertificates)
    .where(
      and(
        isNull(pkiCertificates.revokedAt),
        gt(pkiCertificates.notAfter, now),
        lte(pkiCertificates.notAfter, horizon),
      ),
    );
  let queued = 0;
  for (const certificate of expiring) {
    await db.transaction(async (tx) => {
      const contact = await residentContact(tx, certificate.holder);
      if (!contact) return;
      const channels = await enqueueForResident(
        tx,
        contact,
        {
          template: 'certificate.expiry',
          lang: 'az',
          data: {
            serial: certificate.serial,
            date: certificate.notAfter.toISOString().slice(0, 10),
            link: '/az/pki/certificates',
          },
          personId: certificate.holder,
          dedupeKey: `certificate.expiry:${certificate.serial}`,
        },
        now,
      );
      queued += channels.length;
    });
  }
  return queued;
}
