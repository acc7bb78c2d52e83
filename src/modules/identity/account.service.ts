import { eq, inArray } from 'drizzle-orm';
import type { Viewer } from '../../platform/http/auth.ts';
import { appendAudit as audit, personalSecurityLog, staffAccessToPerson } from '../audit/index.ts';
import { type Account, findAccountById, updateAccount } from './accounts.repository.ts';
import type { IdentityContext } from './context.ts';
import { identityAccounts, registerPeople } from './identity.tables.ts';
import {
  displayName,
  findPersonById,
  organisationsRepresentedBy,
  type Person,
  representedOrganisation,
} from './register.ts';
import {
  activeSessions,
  revokeAllSessions,
  revokeSession,
  type Session,
  updateSession,
} from './sessions.repository.ts';

export interface Overview {
  person: Person;
  account: Account;
  organisations: Awaited<ReturnType<typeof organisationsRepresentedBy>>;
}

export async function overview(context: IdentityContext, viewer: Viewer): Promise<Overview | undefined> {
  const person = await findPersonById(context.db, viewer.personId);
  const account = await findAccountById(context.db, viewer.accountId);
  if (!person || !account) return undefined;
  return { person, account, organisations: await organisationsRepresentedBy(context.db, person.id) };
}

async function audited(
  context: IdentityContext,
  viewer: Viewer,
  action: string,
  details: Record<string, unknown>,
  change: (tx: Parameters<Parameters<IdentityContext['db']['transaction']>[0]>[0]) => Promise<unknown>,
): Promise<void> {
  const now = context.clock.now();
  await context.db.transaction(async (tx) => {
    await change(tx);
    await audit(
      tx,
      { action, actorAccountId: viewer.accountId, subjectPersonId: viewer.personId, details },
      now,
    );
  });
}

export async function setContactPreferences(
  context: IdentityContext,
  viewer: Viewer,
  preferences: { email: boolean; sms: boolean },
): Promise<void> {
  await audited(context, viewer, 'identity.contact_preferences_changed', preferences, (tx) =>
    updateAccount(tx, viewer.accountId, { notifyByEmail: preferences.email, notifyBySms: preferences.sms }),
  );
}

/** Switches "acting as"; false when the person is not registered to represent that organisation. */
export async function setActingAs(
  context: IdentityContext,
  viewer: Viewer,
  organisationId: string | null,
): Promise<boolean> {
  if (organisationId) {
    const organisation = await representedOrganisation(context.db, viewer.personId, organisationId);
    if (!organisation) return false;
  }
  await audited(context, viewer, 'identity.acting_as_changed', { organisation: organisationId }, (tx) =>
    updateSession(tx, viewer.sessionId, { actingForId: organisationId }),
  );
  return true;
}

export async function sessionsOf(context: IdentityContext, viewer: Viewer): Promise<Session[]> {
  return activeSessions(context.db, viewer.accountId, context.clock.now());
}

/** False when the session is not the viewer's: the route answers 404, as for anything not theirs. */
export async function endSession(
  context: IdentityContext,
  viewer: Viewer,
  sessionId: string,
): Promise<boolean> {
  const now = context.clock.now();
  return context.db.transaction(async (tx) => {
    if (!(await revokeSession(tx, viewer.accountId, sessionId, now))) return false;
    await audit(
      tx,
      {
        action: 'identity.session_revoked',
        actorAccountId: viewer.accountId,
        subjectPersonId: viewer.personId,
        details: { session: sessionId },
      },
      now,
    );
    return true;
  });
}

export async function endAllSessions(context: IdentityContext, viewer: Viewer): Promise<void> {
  const now = context.clock.now();
  await context.db.transaction(async (tx) => {
    const count = await revokeAllSessions(tx, viewer.accountId, now);
    await audit(
      tx,
      {
        action: 'identity.logout_everywhere',
        actorAccountId: viewer.accountId,
        subjectPersonId: viewer.personId,
        details: { sessions: count },
      },
      now,
    );
  });
}

export const SECURITY_ACTIONS = [
  'identity.login',
  'identity.logout',
  'identity.logout_everywhere',
  'identity.session_revoked',
  'identity.passcode_issued',
  'identity.passcode_reset',
  'identity.passcode_set',
  'identity.sms_code_sent',
];

export async function securityLog(context: IdentityContext, viewer: Viewer) {
  return personalSecurityLog(context.db, viewer.personId, SECURITY_ACTIONS, 50);
}

export interface AccessEntry {
  at: Date;
  who: string;
  role: string;
  agency: string | null;
  action: string;
  reason: string | null;
}

/** "Who accessed my data": staff actions on the person, with the staff member's name from the register. */
export async function accessLog(context: IdentityContext, viewer: Viewer): Promise<AccessEntry[]> {
  const rows = await staffAccessToPerson(context.db, viewer.personId, 200);
  const actorIds = [...new Set(rows.map((r) => r.actorAccountId).filter((id): id is string => !!id))];
  const names = new Map<string, string>();
  if (actorIds.length) {
    const people = await context.db
      .select({
        id: identityAccounts.id,
        firstName: registerPeople.firstName,
        lastName: registerPeople.lastName,
      })
      .from(identityAccounts)
      .innerJoin(registerPeople, eq(registerPeople.id, identityAccounts.personId))
      .where(inArray(identityAccounts.id, actorIds));
    for (const p of people) names.set(p.id, displayName(p));
  }
  return rows.map((r) => ({
    at: r.at,
    who: (r.actorAccountId && names.get(r.actorAccountId)) || '',
    role: r.actorRole as string,
    agency: r.actorAgency,
    action: r.action,
    reason: r.reason,
  }));
}
