import type { Db } from '../../platform/db/client.ts';
import {
  AGENCY_SCOPED,
  agenciesWithRole,
  hasRole,
  type RoleGrant,
  STAFF_ROLES,
  type Viewer,
} from '../../platform/http/auth.ts';
import { appendAudit as audit } from '../audit/index.ts';
import {
  deleteGrant,
  findAccountById,
  findAccountByPerson,
  findGrant,
  findGrantById,
  type GrantListing,
  insertGrant,
  isStaffRole,
  listGrants,
  normaliseAgencyCode,
} from './accounts.repository.ts';
import type { IdentityContext } from './context.ts';
import { findPersonByFin, normaliseFin } from './register.ts';

/**
 * Who may change which grants (least privilege): a portal admin any grant; an agency admin only agency
 * officers of their own agency. Everything else is refused on the server, whatever the form sent.
 */
export function grantableBy(viewer: Viewer): { roles: RoleGrant['role'][]; agencies: string[] | 'any' } {
  if (hasRole(viewer, 'portal_admin')) return { roles: [...STAFF_ROLES], agencies: 'any' };
  return { roles: ['agency_officer'], agencies: agenciesWithRole(viewer, ['agency_admin']) };
}

function mayManage(viewer: Viewer, grant: RoleGrant): boolean {
  const allowed = grantableBy(viewer);
  if (!allowed.roles.includes(grant.role)) return false;
  return allowed.agencies === 'any' || (!!grant.agencyCode && allowed.agencies.includes(grant.agencyCode));
}

/** The role under which the viewer acts for this change, as the audit log records it. */
function actingRole(viewer: Viewer, grant: RoleGrant): { role: string; agency: string | null } {
  if (hasRole(viewer, 'portal_admin')) return { role: 'portal_admin', agency: null };
  return { role: 'agency_admin', agency: grant.agencyCode ?? null };
}

export async function grantsVisibleTo(context: IdentityContext, viewer: Viewer): Promise<GrantListing[]> {
  const allowed = grantableBy(viewer);
  if (allowed.agencies === 'any') return listGrants(context.db);
  const lists = await Promise.all(allowed.agencies.map((a) => listGrants(context.db, a)));
  return lists.flat();
}

export type GrantProblem =
  | 'finFormat'
  | 'noAccount'
  | 'roleInvalid'
  | 'agencyRequired'
  | 'agencyNotAllowed'
  | 'forbidden'
  | 'duplicate';

export function parseGrant(input: { role?: string; agency?: string }): RoleGrant | GrantProblem {
  if (!isStaffRole(input.role)) return 'roleInvalid';
  const scoped = AGENCY_SCOPED.includes(input.role);
  const agency = input.agency?.trim() ? normaliseAgencyCode(input.agency) : undefined;
  if (scoped && !agency) return 'agencyRequired';
  if (!scoped && input.agency?.trim()) return 'agencyNotAllowed';
  return { role: input.role, ...(agency ? { agencyCode: agency } : {}) };
}

export async function grantRole(
  context: IdentityContext,
  viewer: Viewer,
  input: { fin?: string; role?: string; agency?: string },
): Promise<{ ok: true } | { ok: false; problem: GrantProblem }> {
  const grant = parseGrant(input);
  if (typeof grant === 'string') return { ok: false, problem: grant };
  if (!mayManage(viewer, grant)) return { ok: false, problem: 'forbidden' };
  const fin = normaliseFin(input.fin);
  if (!fin) return { ok: false, problem: 'finFormat' };
  const person = await findPersonByFin(context.db, fin);
  // Staff log in with their own passcode: the person must have got one first.
  const account = person ? await findAccountByPerson(context.db, person.id) : undefined;
  if (!person || !account) return { ok: false, problem: 'noAccount' };
  if (await findGrant(context.db, account.id, grant)) return { ok: false, problem: 'duplicate' };
  const now = context.clock.now();
  const acting = actingRole(viewer, grant);
  await context.db.transaction(async (tx) => {
    await insertGrant(tx, account.id, grant, viewer.accountId, now);
    await audit(
      tx,
      {
        action: 'identity.role_granted',
        actorAccountId: viewer.accountId,
        actorRole: acting.role,
        actorAgency: acting.agency,
        subjectPersonId: person.id,
        reason: 'role_administration',
        details: { role: grant.role, agency: grant.agencyCode ?? null },
      },
      now,
    );
  });
  return { ok: true };
}

/** 'notFound' for a grant the viewer may not manage, exactly as for one that does not exist. */
export async function revokeRole(
  context: IdentityContext,
  viewer: Viewer,
  grantId: string,
): Promise<'ok' | 'notFound' | 'self'> {
  const grant = await findGrantById(context.db, grantId);
  if (!grant) return 'notFound';
  const asGrant: RoleGrant = {
    role: grant.role as RoleGrant['role'],
    ...(grant.agencyCode ? { agencyCode: grant.agencyCode } : {}),
  };
  if (!mayManage(viewer, asGrant)) return 'notFound';
  // An administrator cannot remove their own administration right (and lock everybody out).
  if (grant.accountId === viewer.accountId && grant.role === 'portal_admin') return 'self';
  const account = await findAccountById(context.db, grant.accountId);
  const now = context.clock.now();
  const acting = actingRole(viewer, asGrant);
  await context.db.transaction(async (tx) => {
    await deleteGrant(tx, grant.id);
    await audit(
      tx,
      {
        action: 'identity.role_revoked',
        actorAccountId: viewer.accountId,
        actorRole: acting.role,
        actorAgency: acting.agency,
        subjectPersonId: account?.personId ?? null,
        reason: 'role_administration',
        details: { role: grant.role, agency: grant.agencyCode },
      },
      now,
    );
  });
  return 'ok';
}

/** `egov staff grant`: the first portal admin has to come from somewhere. Audited as a command-line change. */
export async function grantRoleFromCli(
  db: Db,
  input: { fin?: string; role?: string; agency?: string },
  at: Date,
): Promise<{ ok: true } | { ok: false; problem: GrantProblem }> {
  const grant = parseGrant(input);
  if (typeof grant === 'string') return { ok: false, problem: grant };
  const fin = normaliseFin(input.fin);
  if (!fin) return { ok: false, problem: 'finFormat' };
  const person = await findPersonByFin(db, fin);
  const account = person ? await findAccountByPerson(db, person.id) : undefined;
  if (!person || !account) return { ok: false, problem: 'noAccount' };
  if (await findGrant(db, account.id, grant)) return { ok: false, problem: 'duplicate' };
  await db.transaction(async (tx) => {
    await insertGrant(tx, account.id, grant, null, at);
    await audit(
      tx,
      {
        action: 'identity.role_granted',
        subjectPersonId: person.id,
        reason: 'role_administration',
        details: { role: grant.role, agency: grant.agencyCode ?? null, via: 'cli' },
      },
      at,
    );
  });
  return { ok: true };
}
