import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import type { Viewer } from '../../platform/http/auth.ts';
import { appendAudit } from '../audit/index.ts';
import { type SealedDocument, storeSealed } from '../documents/index.ts';
import { type ApplicationRow, notifyPerson } from './applications.service.ts';
import { applicationEvents, applications } from './services.tables.ts';

export const OPEN_STATUSES = ['submitted', 'in_review', 'info_requested', 'resubmitted'] as const;
export type Decision = 'request_info' | 'approve' | 'reject';
const NEXT: Record<Decision, string> = {
  request_info: 'info_requested',
  approve: 'approved',
  reject: 'rejected',
};
// Which statuses each action may start from: the workflow of docs/services.md.
const FROM: Record<Decision | 'claim' | 'respond', readonly string[]> = {
  claim: ['submitted', 'resubmitted', 'in_review'],
  request_info: ['in_review'],
  approve: ['in_review'],
  reject: ['in_review'],
  respond: ['info_requested'],
};

export type TransitionOutcome = { ok: true; application: ApplicationRow } | { ok: false; reason: 'conflict' };

async function transition(
  db: Db,
  application: ApplicationRow,
  change: {
    action: keyof typeof FROM;
    status: string;
    actor: 'resident' | 'officer';
    viewer: Viewer;
    message?: string | null;
    set?: Partial<ApplicationRow>;
    /** The signed decision document, stored with the decision (documents module). */
    document?: SealedDocument;
  },
  at: Date,
): Promise<TransitionOutcome> {
  return db.transaction(async (tx) => {
    // The status guard in the update makes two officers acting at once safe: only one wins.
    const [updated] = await tx
      .update(applications)
      .set({ ...change.set, status: change.status, updatedAt: at })
      .where(and(eq(applications.id, application.id), inArray(applications.status, [...FROM[change.action]])))
      .returning();
    if (!updated) return { ok: false, reason: 'conflict' } as const;
    await tx.insert(applicationEvents).values({
      applicationId: application.id,
      at,
      status: change.status,
      actor: change.actor,
      message: change.message ?? null,
    });
    if (change.document)
      await storeSealed(
        tx,
        change.document,
        {
          kind: 'decision',
          accountId: updated.accountId,
          personId: updated.personId,
          agencyCode: updated.agencyCode,
          serviceCode: updated.serviceCode,
          applicationId: updated.id,
          lang: updated.lang,
        },
        at,
      );
    if (change.action !== 'claim') await notifyPerson(tx, updated, at, change.message);
    // Last: the audit chain serialises on a lock, held from here to commit.
    await appendAudit(
      tx,
      {
        action: `application.${change.action}`,
        actorAccountId: change.viewer.accountId,
        actorRole: change.actor === 'officer' ? 'agency_officer' : null,
        actorAgency: change.actor === 'officer' ? application.agencyCode : null,
        subjectPersonId: application.personId,
        subjectType: 'application',
        subjectId: application.id,
        reason: change.message ?? null,
      },
      at,
    );
    return { ok: true, application: updated } as const;
  });
}

export function claimApplication(db: Db, officer: Viewer, application: ApplicationRow, at: Date) {
  return transition(
    db,
    application,
    {
      action: 'claim',
      status: 'in_review',
      actor: 'officer',
      viewer: officer,
      set: { assignedTo: officer.accountId, assignedName: officer.displayName },
    },
    at,
  );
}

export function decideApplication(
  db: Db,
  officer: Viewer,
  application: ApplicationRow,
  decision: { action: Decision; reason: string },
  at: Date,
  document?: SealedDocument,
) {
  const status = NEXT[decision.action];
  return transition(
    db,
    application,
    {
      action: decision.action,
      status,
      actor: 'officer',
      viewer: officer,
      message: decision.reason,
      set: decision.action === 'request_info' ? {} : { decisionReason: decision.reason },
      document,
    },
    at,
  );
}

export function respondToRequest(
  db: Db,
  resident: Viewer,
  application: ApplicationRow,
  message: string,
  at: Date,
) {
  return transition(
    db,
    application,
    { action: 'respond', status: 'resubmitted', actor: 'resident', viewer: resident, message },
    at,
  );
}

export async function agencyApplication(db: Db, agencies: string[], id: string) {
  if (!/^[0-9a-f-]{36}$/.test(id) || agencies.length === 0) return undefined;
  const [row] = await db
    .select()
    .from(applications)
    .where(and(eq(applications.id, id), inArray(applications.agencyCode, agencies)));
  return row?.status === 'draft' ? undefined : row;
}
