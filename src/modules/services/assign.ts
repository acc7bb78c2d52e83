import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import type { Viewer } from '../../platform/http/auth.ts';
import { appendAudit } from '../audit/index.ts';
import type { ApplicationRow } from './applications.service.ts';
import { applications } from './services.tables.ts';
import { OPEN_STATUSES } from './workflow.ts';

/**
 * An agency admin gives an open application to one of the agency's officers (or takes it back into the
 * queue with `officer` null). Internal to the agency: the resident is not messaged; the audit records it.
 * False when the application is no longer open (decided meanwhile).
 */
export async function assignApplication(
  db: Db,
  admin: Viewer,
  application: ApplicationRow,
  officer: { accountId: string; name: string } | null,
  at: Date,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(applications)
      .set({ assignedTo: officer?.accountId ?? null, assignedName: officer?.name ?? null, updatedAt: at })
      .where(and(eq(applications.id, application.id), inArray(applications.status, [...OPEN_STATUSES])))
      .returning({ id: applications.id });
    if (updated.length === 0) return false;
    await appendAudit(
      tx,
      {
        action: 'application.assign',
        actorAccountId: admin.accountId,
        actorRole: 'agency_admin',
        actorAgency: application.agencyCode,
        subjectPersonId: application.personId,
        subjectType: 'application',
        subjectId: application.id,
        details: { from: application.assignedTo ?? null, to: officer?.accountId ?? null },
      },
      at,
    );
    return true;
  });
}
