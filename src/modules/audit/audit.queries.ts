import { and, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/client.ts';
import { auditLog } from './audit.tables.ts';

export type AuditRow = typeof auditLog.$inferSelect;

/**
 * "Who accessed my data": entries about the person made by someone acting in a staff role
 * (the person's own actions have no actor role and are not listed here).
 */
export async function staffAccessToPerson(db: Db | Tx, personId: string, limit = 100): Promise<AuditRow[]> {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.subjectPersonId, personId), isNotNull(auditLog.actorRole)))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);
}

/** The person's own security history (logins, failures, passcode changes) among the given actions. */
export async function personalSecurityLog(
  db: Db | Tx,
  personId: string,
  actions: string[],
  limit = 50,
): Promise<AuditRow[]> {
  return db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.subjectPersonId, personId),
        isNull(auditLog.actorRole),
        inArray(auditLog.action, actions),
      ),
    )
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);
}
