import crypto from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/client.ts';
import { AGENCY_SCOPED, type RoleGrant, STAFF_ROLES, type StaffRole } from '../../platform/http/auth.ts';
import { identityAccounts, identityRoleGrants, registerPeople } from './identity.tables.ts';

export type Account = typeof identityAccounts.$inferSelect;
export type Grant = typeof identityRoleGrants.$inferSelect;

export async function findAccountByPerson(db: Db | Tx, personId: string): Promise<Account | undefined> {
  const [account] = await db
    .select()
    .from(identityAccounts)
    .where(eq(identityAccounts.personId, personId))
    .limit(1);
  return account;
}

export async function findAccountById(db: Db | Tx, id: string): Promise<Account | undefined> {
  const [account] = await db.select().from(identityAccounts).where(eq(identityAccounts.id, id)).limit(1);
  return account;
}

/** Creates the account on first issuance or replaces the passcode on reset; returns whether it was new. */
export async function setPasscode(
  tx: Tx | Db,
  personId: string,
  passcodeHash: string,
  at: Date,
): Promise<{ account: Account; created: boolean }> {
  const existing = await findAccountByPerson(tx, personId);
  if (existing) {
    const [account] = await tx
      .update(identityAccounts)
      .set({ passcodeHash, passcodeSetAt: at, failedCount: 0, lockedUntil: null })
      .where(eq(identityAccounts.id, existing.id))
      .returning();
    return { account: account as Account, created: false };
  }
  const [account] = await tx
    .insert(identityAccounts)
    .values({ id: crypto.randomUUID(), personId, passcodeHash, passcodeSetAt: at, createdAt: at })
    .returning();
  return { account: account as Account, created: true };
}

export async function updateAccount(
  tx: Tx | Db,
  id: string,
  changes: Partial<Omit<Account, 'id' | 'personId' | 'createdAt'>>,
): Promise<void> {
  await tx.update(identityAccounts).set(changes).where(eq(identityAccounts.id, id));
}

export async function grantsOf(db: Db | Tx, accountId: string): Promise<RoleGrant[]> {
  const rows = await db
    .select({ role: identityRoleGrants.role, agencyCode: identityRoleGrants.agencyCode })
    .from(identityRoleGrants)
    .where(eq(identityRoleGrants.accountId, accountId))
    .orderBy(asc(identityRoleGrants.role), asc(identityRoleGrants.agencyCode));
  return rows.map((r) => ({
    role: r.role as StaffRole,
    ...(r.agencyCode ? { agencyCode: r.agencyCode } : {}),
  }));
}

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value);
}

/** Agency codes are the catalogue's (MLSPP, SSAC, ...); kept as plain text so identity does not depend on it. */
export function normaliseAgencyCode(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const code = raw.trim().toUpperCase();
  return /^[A-Z][A-Z0-9_-]{1,19}$/.test(code) ? code : undefined;
}

/** A grant is well-formed when agency-scoped roles name exactly one agency and the others none. */
export function validGrant(grant: RoleGrant): boolean {
  const scoped = AGENCY_SCOPED.includes(grant.role);
  return scoped ? !!grant.agencyCode : !grant.agencyCode;
}

export async function findGrant(
  db: Db | Tx,
  accountId: string,
  grant: RoleGrant,
): Promise<Grant | undefined> {
  const [row] = await db
    .select()
    .from(identityRoleGrants)
    .where(
      and(
        eq(identityRoleGrants.accountId, accountId),
        eq(identityRoleGrants.role, grant.role),
        grant.agencyCode
          ? eq(identityRoleGrants.agencyCode, grant.agencyCode)
          : isNull(identityRoleGrants.agencyCode),
      ),
    )
    .limit(1);
  return row;
}

export async function insertGrant(
  tx: Tx | Db,
  accountId: string,
  grant: RoleGrant,
  grantedBy: string | null,
  at: Date,
): Promise<Grant> {
  const [row] = await tx
    .insert(identityRoleGrants)
    .values({
      id: crypto.randomUUID(),
      accountId,
      role: grant.role,
      agencyCode: grant.agencyCode ?? null,
      grantedBy,
      grantedAt: at,
    })
    .returning();
  return row as Grant;
}

export async function findGrantById(db: Db | Tx, id: string): Promise<Grant | undefined> {
  const [row] = await db.select().from(identityRoleGrants).where(eq(identityRoleGrants.id, id)).limit(1);
  return row;
}

export async function deleteGrant(tx: Tx | Db, id: string): Promise<void> {
  await tx.delete(identityRoleGrants).where(eq(identityRoleGrants.id, id));
}

export interface GrantListing extends Grant {
  personId: string;
  firstName: string;
  lastName: string;
  fin: string;
}

/** Every grant (optionally of one agency), with the holder's name, for the staff administration page. */
export async function listGrants(db: Db | Tx, agencyCode?: string): Promise<GrantListing[]> {
  const rows = await db
    .select({
      grant: identityRoleGrants,
      personId: registerPeople.id,
      firstName: registerPeople.firstName,
      lastName: registerPeople.lastName,
      fin: registerPeople.fin,
    })
    .from(identityRoleGrants)
    .innerJoin(identityAccounts, eq(identityAccounts.id, identityRoleGrants.accountId))
    .innerJoin(registerPeople, eq(registerPeople.id, identityAccounts.personId))
    .where(agencyCode ? eq(identityRoleGrants.agencyCode, agencyCode) : undefined)
    .orderBy(asc(registerPeople.lastName), asc(identityRoleGrants.role));
  return rows.map((r) => ({
    ...r.grant,
    personId: r.personId,
    firstName: r.firstName,
    lastName: r.lastName,
    fin: r.fin,
  }));
}
