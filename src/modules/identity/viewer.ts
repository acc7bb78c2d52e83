import { eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db/client.ts';
import type { Viewer } from '../../platform/http/auth.ts';
import { pseudonym } from '../../platform/secret.ts';
import { grantsOf } from './accounts.repository.ts';
import { identityAccounts, registerPeople } from './identity.tables.ts';
import { displayName, representedOrganisation } from './register.ts';
import { findSessionByToken, isLive, type Session, touchSession } from './sessions.repository.ts';

export const SESSION_COOKIE = 'sid';
export const CHALLENGE_COOKIE = 'mfa';
// Writing last_seen_at on every request would turn every page view into a write.
const TOUCH_EVERY_MS = 60 * 1000;

/** Secure everywhere except plain-http localhost, where browsers would drop a Secure cookie. */
export function cookieIsSecure(publicUrl: string): boolean {
  const url = new URL(publicUrl);
  if (url.protocol === 'https:') return true;
  return !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

export function cookieOptions(publicUrl: string) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: cookieIsSecure(publicUrl),
    signed: false,
  };
}

export function accountPseudonym(secret: string, accountId: string): string {
  return pseudonym(secret, 'account', accountId);
}

export async function viewerForSession(
  db: Db,
  secret: string,
  session: Session,
): Promise<Viewer | undefined> {
  const [row] = await db
    .select({
      personId: identityAccounts.personId,
      first: registerPeople.firstName,
      last: registerPeople.lastName,
    })
    .from(identityAccounts)
    .innerJoin(registerPeople, eq(registerPeople.id, identityAccounts.personId))
    .where(eq(identityAccounts.id, session.accountId))
    .limit(1);
  if (!row) return undefined;
  // Roles need the second factor of this very session: a grant made after a passcode-only login
  // does not upgrade that session.
  const roles = session.secondFactor ? await grantsOf(db, session.accountId) : [];
  const viewer: Viewer = {
    accountId: session.accountId,
    sessionId: session.id,
    personId: row.personId,
    displayName: displayName({ firstName: row.first, lastName: row.last }),
    pseudonym: accountPseudonym(secret, session.accountId),
    level: session.level,
    roles,
  };
  if (session.actingForId) {
    const organisation = await representedOrganisation(db, row.personId, session.actingForId);
    if (organisation)
      viewer.actingFor = { kind: organisation.kind, id: organisation.id, name: organisation.name };
  }
  return viewer;
}

/** Sets request.viewer from the `sid` cookie for every route of every module. */
export function registerViewerHook(app: FastifyInstance): void {
  const { database, clock, secret, config } = app.platform;
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token || token.length > 100) return;
    const now = clock.now();
    const session = await findSessionByToken(database.db, token);
    if (!session || !isLive(session, now)) {
      reply.clearCookie(SESSION_COOKIE, cookieOptions(config.publicUrl));
      return;
    }
    const viewer = await viewerForSession(database.db, secret, session);
    if (!viewer) return;
    request.viewer = viewer;
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS)
      await touchSession(database.db, session.id, now);
  });
}
