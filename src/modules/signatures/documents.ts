import crypto from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/client.ts';
import type { IssuedDocument } from './contract.ts';
import { signatureDocuments } from './signatures.tables.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 16 Crockford base32 characters from 80 random bits. */
export function newVerificationCode(): string {
  const bytes = crypto.randomBytes(10);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 15; i >= 0; i--) out += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return out;
}

/** A typed code as stored: any case, dashes and spaces dropped, O read as 0 and I/L as 1 (Crockford). */
export function normaliseCode(input: string): string | undefined {
  const code = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return /^[0-9A-HJKMNP-TV-Z]{16}$/.test(code) ? code : undefined;
}

/** XXXX-XXXX-XXXX-XXXX, as printed. */
export const groupCode = (code: string) => code.replace(/(.{4})(?=.)/g, '$1-');

type Row = typeof signatureDocuments.$inferSelect;

function toDocument(row: Row): IssuedDocument {
  return {
    id: row.id,
    verificationCode: row.verificationCode,
    kind: row.kind,
    title: row.title,
    contentType: row.contentType,
    content: row.content,
    ...(row.signature ? { signature: row.signature } : {}),
    issuedAt: row.issuedAt,
    accountId: row.accountId,
    organisationId: row.organisationId,
    applicationId: row.applicationId,
  };
}

/**
 * Stores an issued document in the caller's transaction with a fresh, unique verification code, or with
 * `verificationCode` when the caller printed it in the document before signing (documents module).
 */
export async function storeDocument(
  tx: Db | Tx,
  input: Omit<IssuedDocument, 'id' | 'verificationCode'> & { verificationCode?: string },
): Promise<{ id: string; verificationCode: string }> {
  const { verificationCode: given, ...document } = input;
  const id = crypto.randomUUID();
  if (given !== undefined && !/^[0-9A-HJKMNP-TV-Z]{16}$/.test(given))
    throw new Error('bad verification code');
  // 80 random bits make a clash practically impossible; ON CONFLICT keeps a clash from aborting the transaction.
  for (;;) {
    const verificationCode = given ?? newVerificationCode();
    const rows = await tx
      .insert(signatureDocuments)
      .values({ ...document, signature: document.signature ?? null, id, verificationCode })
      .onConflictDoNothing({ target: signatureDocuments.verificationCode })
      .returning({ id: signatureDocuments.id });
    if (rows.length > 0) return { id, verificationCode };
    // A code already printed and signed cannot change.
    if (given) throw new Error('verification code already taken');
  }
}

export async function documentByCode(db: Db | Tx, code: string): Promise<IssuedDocument | undefined> {
  const normalised = normaliseCode(code);
  if (!normalised) return undefined;
  const [row] = await db
    .select()
    .from(signatureDocuments)
    .where(eq(signatureDocuments.verificationCode, normalised))
    .limit(1);
  return row && toDocument(row);
}

export async function documentsOfApplication(db: Db | Tx, applicationId: string): Promise<IssuedDocument[]> {
  const rows = await db
    .select()
    .from(signatureDocuments)
    .where(eq(signatureDocuments.applicationId, applicationId))
    .orderBy(asc(signatureDocuments.issuedAt));
  return rows.map(toDocument);
}
