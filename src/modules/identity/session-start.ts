import type { Tx } from '../../platform/db/client.ts';
import type { AssuranceLevel } from '../../platform/http/auth.ts';
import { appendAudit as audit } from '../audit/index.ts';
import { addressKey, type IdentityContext } from './context.ts';
import { createSession } from './sessions.repository.ts';

/**
 * Opens a session and writes its `identity.login` audit entry in the caller's transaction: every way of
 * logging in (passcode, passcode + authenticator, certificate) ends here, with its own details.
 */
export async function openSession(
  tx: Tx,
  context: IdentityContext,
  login: {
    account: { id: string; personId: string };
    level: AssuranceLevel;
    secondFactor: boolean;
    client: { ip: string; device: string };
    details?: Record<string, unknown>;
  },
  now: Date,
): Promise<{ token: string; sessionId: string }> {
  const { account, level, secondFactor, client } = login;
  const { session, token } = await createSession(
    tx,
    { accountId: account.id, level, secondFactor, device: client.device },
    now,
  );
  await audit(
    tx,
    {
      action: 'identity.login',
      actorAccountId: account.id,
      subjectPersonId: account.personId,
      details: { level, ...login.details, session: session.id, address: addressKey(context, client.ip) },
    },
    now,
  );
  return { token, sessionId: session.id };
}
