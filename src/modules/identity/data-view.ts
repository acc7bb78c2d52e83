import type { Db, Tx } from '../../platform/db/client.ts';
import type { AssuranceLevel, StaffRole, Viewer } from '../../platform/http/auth.ts';
import { appendAudit as audit } from '../audit/index.ts';
import { displayName, findPersonById } from './register.ts';
import { updateSession } from './sessions.repository.ts';

/**
 * For every module whose staff open a resident's data (back office, certification centre): call inside the
 * transaction that reads or changes it; the resident then sees it on "Who accessed my data".
 */
export async function recordStaffDataView(
  tx: Tx | Db,
  viewer: Viewer,
  view: {
    personId: string;
    role: StaffRole;
    agencyCode?: string;
    reason: string;
    subjectType?: string;
    subjectId?: string;
  },
  at: Date,
): Promise<void> {
  await audit(
    tx,
    {
      action: 'data.view',
      actorAccountId: viewer.accountId,
      actorRole: view.role,
      actorAgency: view.agencyCode ?? null,
      subjectPersonId: view.personId,
      subjectType: view.subjectType ?? 'person',
      subjectId: view.subjectId ?? view.personId,
      reason: view.reason,
    },
    at,
  );
}

/** What another module may show about a person (an applicant, a certificate holder). */
export async function personSummary(
  db: Db | Tx,
  personId: string,
): Promise<{ id: string; fin: string; name: string; birthDate: string } | undefined> {
  const person = await findPersonById(db, personId);
  return person && { id: person.id, fin: person.fin, name: displayName(person), birthDate: person.birthDate };
}

/** Step-up: the signatures module raises a session to 'high' after an e-signature login. */
export async function raiseSessionLevel(
  db: Db | Tx,
  sessionId: string,
  level: AssuranceLevel,
): Promise<void> {
  await updateSession(db, sessionId, { level });
}
