import type { Tx } from '../../platform/db/client.ts';
import { appendAudit as audit } from '../audit/index.ts';
import {
  type Account,
  findAccountById,
  findAccountByPerson,
  grantsOf,
  updateAccount,
} from './accounts.repository.ts';
import { addressKey, type IdentityContext } from './context.ts';
import { decoyHash, hashPasscode, needsRehash, verifyPasscode } from './passcode.ts';
import { findPersonByFin, normaliseFin } from './register.ts';
import { openSession } from './session-start.ts';
import {
  type Challenge,
  countChallengeFailure,
  createChallenge,
  deleteChallenge,
  findChallenge,
  revokeSession,
} from './sessions.repository.ts';
import { checkTotp, newTotpSecret } from './totp.ts';

export const FREE_FAILURES = 5;
const MAX_LOCK_MINUTES = 60;
const MAX_CHALLENGE_ATTEMPTS = 5;

export interface Client {
  ip: string;
  device: string;
}

export type LoginResult =
  | { kind: 'failed' }
  | { kind: 'throttled' }
  | { kind: 'secondFactor'; challengeToken: string }
  | { kind: 'session'; token: string; sessionId: string };

/** 1, 2, 4, ... minutes after the fifth failure in a row, at most an hour. */
export function lockMinutes(failedCount: number): number {
  if (failedCount < FREE_FAILURES) return 0;
  return Math.min(2 ** (failedCount - FREE_FAILURES), MAX_LOCK_MINUTES);
}

/** One more failure in a row on the account, and the lock that follows from it. */
async function countFailure(tx: Tx, account: Account, now: Date): Promise<void> {
  const failedCount = account.failedCount + 1;
  const minutes = lockMinutes(failedCount);
  await updateAccount(tx, account.id, {
    failedCount,
    lockedUntil: minutes ? new Date(now.getTime() + minutes * 60_000) : null,
  });
}

type FailReason = 'malformed' | 'unknown_person' | 'no_account' | 'locked' | 'wrong_passcode';

async function recordFailure(
  context: IdentityContext,
  client: Client,
  reason: FailReason,
  who: { personId?: string; account?: Account },
): Promise<void> {
  const now = context.clock.now();
  context.loginThrottle.fail(client.ip);
  await context.db.transaction(async (tx) => {
    const account = who.account;
    // Attempts during a lock do not extend it: otherwise anyone could keep an account locked forever.
    if (account && reason === 'wrong_passcode') await countFailure(tx, account, now);
    await audit(
      tx,
      {
        action: 'identity.login',
        outcome: 'failure',
        actorAccountId: account?.id ?? null,
        subjectPersonId: who.personId ?? null,
        details: { reason, address: addressKey(context, client.ip) },
      },
      now,
    );
  });
}

/**
 * FIN + passcode. Every failure looks the same to the client and costs the same time (a decoy hash is
 * checked when there is no account), so neither the message nor the timing tells whether an account exists.
 */
export async function loginWithPasscode(
  context: IdentityContext,
  input: { fin: unknown; passcode: unknown; next: string | null },
  client: Client,
): Promise<LoginResult> {
  const now = context.clock.now();
  if (context.loginThrottle.blocked(client.ip)) {
    await context.db.transaction((tx) =>
      audit(
        tx,
        {
          action: 'identity.login',
          outcome: 'denied',
          details: { reason: 'address_limit', address: addressKey(context, client.ip) },
        },
        now,
      ),
    );
    return { kind: 'throttled' };
  }
  const fin = normaliseFin(input.fin);
  const passcode = typeof input.passcode === 'string' ? input.passcode.slice(0, 256) : '';
  const person = fin ? await findPersonByFin(context.db, fin) : undefined;
  const account = person ? await findAccountByPerson(context.db, person.id) : undefined;
  const locked = !!account?.lockedUntil && account.lockedUntil.getTime() > now.getTime();
  const usable = account && !locked;
  const matches = await verifyPasscode(passcode, usable ? account.passcodeHash : await decoyHash());
  if (!usable || !matches) {
    const reason: FailReason = !fin
      ? 'malformed'
      : !person
        ? 'unknown_person'
        : !account
          ? 'no_account'
          : locked
            ? 'locked'
            : 'wrong_passcode';
    await recordFailure(context, client, reason, { personId: person?.id, account });
    return { kind: 'failed' };
  }
  return passcodeAccepted(context, account, passcode, input.next, client);
}

async function passcodeAccepted(
  context: IdentityContext,
  account: Account,
  passcode: string,
  next: string | null,
  client: Client,
): Promise<LoginResult> {
  const now = context.clock.now();
  const rehashed = needsRehash(account.passcodeHash) ? await hashPasscode(passcode) : undefined;
  const staff = (await grantsOf(context.db, account.id)).length > 0;
  return context.db.transaction(async (tx) => {
    await updateAccount(tx, account.id, {
      failedCount: 0,
      lockedUntil: null,
      ...(rehashed ? { passcodeHash: rehashed } : {}),
    });
    if (staff) {
      const challengeToken = await createChallenge(tx, account.id, next, now);
      return { kind: 'secondFactor', challengeToken } as const;
    }
    const opened = await openSession(
      tx,
      context,
      { account, level: 'substantial', secondFactor: false, client },
      now,
    );
    return { kind: 'session', ...opened } as const;
  });
}

export interface SecondFactorState {
  challenge: Challenge;
  account: Account;
  /** Set when the account has no confirmed authenticator yet: the page shows it to add. */
  enrolSecret?: string;
}

/** The pending second factor of a login; enrolment generates the secret once and shows it until confirmed. */
export async function secondFactorState(
  context: IdentityContext,
  challengeToken: string | undefined,
): Promise<SecondFactorState | undefined> {
  if (!challengeToken || challengeToken.length > 100) return undefined;
  const challenge = await findChallenge(context.db, challengeToken, context.clock.now());
  if (!challenge) return undefined;
  let account = await findAccountById(context.db, challenge.accountId);
  if (!account) return undefined;
  if (!account.totpConfirmedAt && !account.totpSecret) {
    await updateAccount(context.db, account.id, { totpSecret: newTotpSecret() });
    account = (await findAccountById(context.db, account.id)) as Account;
  }
  return {
    challenge,
    account,
    ...(account.totpConfirmedAt ? {} : { enrolSecret: account.totpSecret as string }),
  };
}

export type SecondFactorResult =
  | { kind: 'expired' }
  | { kind: 'wrongCode'; attemptsLeft: number }
  | { kind: 'throttled' }
  | { kind: 'session'; token: string; sessionId: string; next: string | null };

export async function completeSecondFactor(
  context: IdentityContext,
  challengeToken: string | undefined,
  code: unknown,
  client: Client,
): Promise<SecondFactorResult> {
  if (context.loginThrottle.blocked(client.ip)) return { kind: 'throttled' };
  const state = await secondFactorState(context, challengeToken);
  if (!state) return { kind: 'expired' };
  const { challenge, account } = state;
  const now = context.clock.now();
  const clean = typeof code === 'string' ? code.replace(/\s+/g, '') : '';
  const step = checkTotp(account.totpSecret as string, clean, now, account.totpLastStep);
  if (step === undefined) return secondFactorFailed(context, state, client);
  return context.db.transaction(async (tx) => {
    await deleteChallenge(tx, challenge.tokenHash);
    await updateAccount(tx, account.id, {
      totpLastStep: step,
      ...(account.totpConfirmedAt ? {} : { totpConfirmedAt: now }),
    });
    const opened = await openSession(
      tx,
      context,
      {
        account,
        level: 'substantial',
        secondFactor: true,
        client,
        details: { secondFactor: true, enrolled: !account.totpConfirmedAt },
      },
      now,
    );
    return { kind: 'session', ...opened, next: challenge.next } as const;
  });
}

async function secondFactorFailed(
  context: IdentityContext,
  { challenge, account }: SecondFactorState,
  client: Client,
): Promise<SecondFactorResult> {
  const now = context.clock.now();
  context.loginThrottle.fail(client.ip);
  const attempts = await context.db.transaction(async (tx) => {
    const count = await countChallengeFailure(tx, challenge);
    // Too many wrong codes: back to the passcode, which has its own back-off.
    if (count >= MAX_CHALLENGE_ATTEMPTS) {
      await deleteChallenge(tx, challenge.tokenHash);
      await countFailure(tx, account, now);
    }
    await audit(
      tx,
      {
        action: 'identity.login',
        outcome: 'failure',
        actorAccountId: account.id,
        subjectPersonId: account.personId,
        details: { reason: 'wrong_second_factor', address: addressKey(context, client.ip) },
      },
      now,
    );
    return count;
  });
  if (attempts >= MAX_CHALLENGE_ATTEMPTS) return { kind: 'expired' };
  return { kind: 'wrongCode', attemptsLeft: MAX_CHALLENGE_ATTEMPTS - attempts };
}

export async function logout(
  context: IdentityContext,
  viewer: { accountId: string; sessionId: string; personId: string },
): Promise<void> {
  const now = context.clock.now();
  await context.db.transaction(async (tx) => {
    await revokeSession(tx, viewer.accountId, viewer.sessionId, now);
    await audit(
      tx,
      {
        action: 'identity.logout',
        actorAccountId: viewer.accountId,
        subjectPersonId: viewer.personId,
        details: { session: viewer.sessionId },
      },
      now,
    );
  });
}
