import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { documentIssues } from './documents.tables.ts';

export type DocumentIssue = typeof documentIssues.$inferSelect;

const CODE = /^[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}$/;

/** Upper case without dashes, as stored; undefined for anything that cannot be a code. */
export function normaliseCode(raw: string): string | undefined {
  return CODE.test(raw) ? raw.replaceAll('-', '').toUpperCase() : undefined;
}

export async function issueByCode(db: Db, code: string): Promise<DocumentIssue | undefined> {
  const [row] = await db.select().from(documentIssues).where(eq(documentIssues.verificationCode, code));
  return row;
}

export function issuesOfPerson(db: Db, personId: string) {
  return db
    .select()
    .from(documentIssues)
    .where(eq(documentIssues.personId, personId))
    .orderBy(desc(documentIssues.issuedAt))
    .limit(200);
}

export function issuesOfApplication(db: Db, applicationId: string) {
  return db
    .select()
    .from(documentIssues)
    .where(eq(documentIssues.applicationId, applicationId))
    .orderBy(desc(documentIssues.issuedAt));
}
