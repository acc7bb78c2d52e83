import { and, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/client.ts';
import { pkiCertificates, pkiCrls, pkiRequests } from './pki.tables.ts';
import type { CertSubjectType } from './profiles.ts';

export type CertificateRow = typeof pkiCertificates.$inferSelect;
export type RequestRow = typeof pkiRequests.$inferSelect;

export async function insertCertificate(
  tx: Db | Tx,
  row: typeof pkiCertificates.$inferInsert,
): Promise<void> {
  await tx.insert(pkiCertificates).values(row);
}

export async function findCertificate(db: Db | Tx, serial: string): Promise<CertificateRow | undefined> {
  const [row] = await db.select().from(pkiCertificates).where(eq(pkiCertificates.serial, serial)).limit(1);
  return row;
}

export async function certificatesOf(db: Db | Tx, personId: string): Promise<CertificateRow[]> {
  return db
    .select()
    .from(pkiCertificates)
    .where(eq(pkiCertificates.holderPersonId, personId))
    .orderBy(desc(pkiCertificates.notBefore));
}

export async function markRevoked(tx: Db | Tx, serial: string, at: Date, reason: number): Promise<boolean> {
  const rows = await tx
    .update(pkiCertificates)
    .set({ revokedAt: at, revocationReason: reason })
    .where(and(eq(pkiCertificates.serial, serial), isNull(pkiCertificates.revokedAt)))
    .returning({ serial: pkiCertificates.serial });
  return rows.length > 0;
}

export async function revokedEntries(db: Db | Tx) {
  return db
    .select({
      serial: pkiCertificates.serial,
      revokedAt: pkiCertificates.revokedAt,
      reason: pkiCertificates.revocationReason,
    })
    .from(pkiCertificates)
    .where(isNotNull(pkiCertificates.revokedAt))
    .orderBy(pkiCertificates.revokedAt);
}

export async function latestCrl(db: Db | Tx) {
  const [row] = await db.select().from(pkiCrls).orderBy(desc(pkiCrls.number)).limit(1);
  return row;
}

export async function insertCrl(tx: Db | Tx, row: typeof pkiCrls.$inferInsert): Promise<void> {
  await tx.insert(pkiCrls).values(row);
}

export async function insertRequest(tx: Db | Tx, row: typeof pkiRequests.$inferInsert): Promise<void> {
  await tx.insert(pkiRequests).values(row);
}

export async function findRequest(db: Db | Tx, id: string): Promise<RequestRow | undefined> {
  const [row] = await db.select().from(pkiRequests).where(eq(pkiRequests.id, id)).limit(1);
  return row;
}

export async function pendingRequests(db: Db | Tx): Promise<RequestRow[]> {
  return db
    .select()
    .from(pkiRequests)
    .where(eq(pkiRequests.status, 'pending'))
    .orderBy(pkiRequests.createdAt);
}

export async function requestsOf(db: Db | Tx, personId: string): Promise<RequestRow[]> {
  return db
    .select()
    .from(pkiRequests)
    .where(eq(pkiRequests.personId, personId))
    .orderBy(desc(pkiRequests.createdAt));
}

/** Moves a pending request on; false when someone else decided it first. */
export async function decideRequest(
  tx: Db | Tx,
  id: string,
  status: 'issued' | 'rejected',
  at: Date,
  serial: string | null,
): Promise<boolean> {
  const rows = await tx
    .update(pkiRequests)
    .set({ status, decidedAt: at, certificateSerial: serial })
    .where(and(eq(pkiRequests.id, id), eq(pkiRequests.status, 'pending')))
    .returning({ id: pkiRequests.id });
  return rows.length > 0;
}

export async function agencySealRow(db: Db | Tx, organisationId: string) {
  const [row] = await db
    .select()
    .from(pkiCertificates)
    .where(
      and(eq(pkiCertificates.organisationId, organisationId), isNotNull(pkiCertificates.encryptedKeyPem)),
    )
    .orderBy(desc(pkiCertificates.notBefore))
    .limit(1);
  return row;
}

/**
 * Certificates whose DER contains this SubjectPublicKeyInfo (a login with a certificate knows only the key).
 * A scan that decodes each PEM in the database: fine for thousands of certificates; with millions, an indexed
 * column with the key's hash is the way (not built).
 */
export async function certificatesWithPublicKey(db: Db | Tx, spki: Uint8Array): Promise<CertificateRow[]> {
  const der = sql`decode(regexp_replace(${pkiCertificates.certPem}, '-----[A-Z0-9 ]+-----|\\s', '', 'g'), 'base64')`;
  return db
    .select()
    .from(pkiCertificates)
    .where(sql`position(decode(${Buffer.from(spki).toString('hex')}, 'hex') in ${der}) > 0`)
    .orderBy(desc(pkiCertificates.notBefore))
    .limit(20);
}

export type { CertSubjectType };
