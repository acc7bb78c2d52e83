import crypto from 'node:crypto';
import { and, desc, eq, gt, isNull, lt, ne, or } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/client.ts';
import type { AssuranceLevel } from '../../platform/http/auth.ts';
import { identityLoginChallenges, identitySessions } from './identity.tables.ts';

export type Session = typeof identitySessions.$inferSelect;

export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
export const CHALLENGE_TTL_MS = 5 * 60 * 1000;

export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export function isLive(session: Session, at: Date): boolean {
  return (
    !session.revokedAt &&
    session.expiresAt.getTime() > at.getTime() &&
    at.getTime() - session.lastSeenAt.getTime() < IDLE_TIMEOUT_MS
  );
}

export async function createSession(
  tx: Tx | Db,
  input: { accountId: string; level: AssuranceLevel; secondFactor: boolean; device: string },
  at: Date,
): Promise<{ session: Session; token: string }> {
  const token = newToken();
  const [session] = await tx
    .insert(identitySessions)
    .values({
      id: crypto.randomUUID(),
      tokenHash: tokenHash(token),
      accountId: input.accountId,
      level: input.level,
      secondFactor: input.secondFactor,
      createdAt: at,
      lastSeenAt: at,
      expiresAt: new Date(at.getTime() + ABSOLUTE_TIMEOUT_MS),
      device: input.device.slice(0, 100),
    })
    .returning();
  return { session: session as Session, token };
}

export async function findSessionByToken(db: Db | Tx, token: string): Promise<Session | undefined> {
  const [session] = await db
    .select()
    .from(identitySessions)
    .where(eq(identitySessions.tokenHash, tokenHash(token)))
    .limit(1);
  return session;
}

export async function touchSession(db: Db | Tx, id: string, at: Date): Promise<void> {
  await db.update(identitySessions).set({ lastSeenAt: at }).where(eq(identitySessions.id, id));
}

export async function updateSession(
  tx: Tx | Db,
  id: string,
  changes: Partial<Pick<Session, 'level' | 'actingForId'>>,
): Promise<void> {
  await tx.update(identitySessions).set(changes).where(eq(identitySessions.id, id));
}

/** Revokes one session of the account; false when it is not the account's (or already gone). */
export async function revokeSession(tx: Tx | Db, accountId: string, id: string, at: Date): Promise<boolean> {
  const rows = await tx
    .update(identitySessions)
    .set({ revokedAt: at })
    .where(
      and(
        eq(identitySessions.id, id),
        eq(identitySessions.accountId, accountId),
        isNull(identitySessions.revokedAt),
      ),
    )
    .returning({ id: identitySessions.id });
  return rows.length > 0;
}

/** "Log out everywhere" (optionally keeping the current session), and on passcode reset. */
export async function revokeAllSessions(
  tx: Tx | Db,
  accountId: string,
  at: Date,
  exceptId?: string,
): Promise<number> {
  const rows = await tx
    .update(identitySessions)
    .set({ revokedAt: at })
    .where(
      and(
        eq(identitySessions.accountId, accountId),
        isNull(identitySessions.revokedAt),
        exceptId ? ne(identitySessions.id, exceptId) : undefined,
      ),
    )
    .returning({ id: identitySessions.id });
  return rows.length;
}

export async function activeSessions(db: Db | Tx, accountId: string, at: Date): Promise<Session[]> {
  return db
    .select()
    .from(identitySessions)
    .where(
      and(
        eq(identitySessions.accountId, accountId),
        isNull(identitySessions.revokedAt),
        gt(identitySessions.expiresAt, at),
        gt(identitySessions.lastSeenAt, new Date(at.getTime() - IDLE_TIMEOUT_MS)),
      ),
    )
    .orderBy(desc(identitySessions.lastSeenAt));
}

/** Housekeeping: sessions long expired are of no use, not even for the owner's list. */
export async function deleteDeadSessions(db: Db | Tx, at: Date): Promise<void> {
  const cutoff = new Date(at.getTime() - 7 * 24 * 3600 * 1000);
  await db
    .delete(identitySessions)
    .where(or(lt(identitySessions.expiresAt, cutoff), lt(identitySessions.revokedAt, cutoff)));
}

export type Challenge = typeof identityLoginChallenges.$inferSelect;

export async function createChallenge(
  tx: Tx | Db,
  accountId: string,
  next: string | null,
  at: Date,
): Promise<string> {
  const token = newToken();
  await tx.delete(identityLoginChallenges).where(eq(identityLoginChallenges.accountId, accountId));
  await tx.insert(identityLoginChallenges).values({
    tokenHash: tokenHash(token),
    accountId,
    createdAt: at,
    expiresAt: new Date(at.getTime() + CHALLENGE_TTL_MS),
    next,
  });
  return token;
}

export async function findChallenge(db: Db | Tx, token: string, at: Date): Promise<Challenge | undefined> {
  const [row] = await db
    .select()
    .from(identityLoginChallenges)
    .where(
      and(eq(identityLoginChallenges.tokenHash, tokenHash(token)), gt(identityLoginChallenges.expiresAt, at)),
    )
    .limit(1);
  return row;
}

export async function countChallengeFailure(tx: Tx | Db, challenge: Challenge): Promise<number> {
  const attempts = challenge.attempts + 1;
  await tx
    .update(identityLoginChallenges)
    .set({ attempts })
    .where(eq(identityLoginChallenges.tokenHash, challenge.tokenHash));
  return attempts;
}

export async function deleteChallenge(tx: Tx | Db, hash: string): Promise<void> {
  await tx.delete(identityLoginChallenges).where(eq(identityLoginChallenges.tokenHash, hash));
}
