import type { Viewer } from '../../platform/http/auth.ts';
import type { Language } from '../../platform/i18n/i18n.ts';
import { appendAudit as audit } from '../audit/index.ts';
import { recordEvent } from '../statistics/index.ts';
import { setPasscode } from './accounts.repository.ts';
import {
  CODE_TTL_MS,
  codeHash,
  consumeCode,
  countAttempt,
  latestCode,
  MAX_CODE_ATTEMPTS,
  newCode,
  normaliseCode,
  queueSms,
  smsCodesSince,
  storeCode,
} from './activation.repository.ts';
import { addressKey, type IdentityContext } from './context.ts';
import type { Client } from './login.service.ts';
import { checkPasscodeRules, hashPasscode, type PasscodeProblem } from './passcode.ts';
import { checkCard, findPersonByFin, normaliseCardNumber, normaliseFin, type Person } from './register.ts';
import { revokeAllSessions } from './sessions.repository.ts';
import { accountPseudonym } from './viewer.ts';

const SMS_PER_PERSON_PER_HOUR = 3;

export type CardProblem =
  | 'finFormat'
  | 'cardFormat'
  | 'mismatch'
  | 'expired'
  | 'throttled'
  | 'noPhone'
  | 'tooManySms';

async function auditCodeFailure(
  context: IdentityContext,
  action: string,
  reason: string,
  extra: { personId?: string; actor?: Viewer; ip?: string },
): Promise<void> {
  await context.db.transaction((tx) =>
    audit(
      tx,
      {
        action,
        outcome: reason === 'throttled' ? 'denied' : 'failure',
        actorAccountId: extra.actor?.accountId ?? null,
        actorRole: extra.actor ? 'service_centre_operator' : null,
        subjectPersonId: extra.personId ?? null,
        details: { reason, ...(extra.ip ? { address: addressKey(context, extra.ip) } : {}) },
      },
      context.clock.now(),
    ),
  );
}

/** FIN and card number checked against the register; shared by the service centre and the online form. */
async function verifiedPerson(
  context: IdentityContext,
  input: { fin?: unknown; cardNumber?: unknown },
): Promise<{ person: Person } | { problem: CardProblem; personId?: string }> {
  const fin = normaliseFin(input.fin);
  const card = normaliseCardNumber(input.cardNumber);
  if (!fin) return { problem: 'finFormat' };
  if (!card) return { problem: 'cardFormat' };
  const check = await checkCard(context.db, fin, card, context.clock.now(), context.config.timeZone);
  if (check.ok) return { person: check.person };
  const known = check.problem === 'expired' ? await findPersonByFin(context.db, fin) : undefined;
  return { problem: check.problem, ...(known ? { personId: known.id } : {}) };
}

export type CentreResult =
  | { ok: true; code: string; person: Person; expiresAt: Date }
  | { ok: false; problem: CardProblem };

/** A service-centre operator has seen the identity card in person; the portal confirms it and issues a code. */
export async function issueCentreCode(
  context: IdentityContext,
  operator: Viewer,
  input: { fin?: unknown; cardNumber?: unknown },
): Promise<CentreResult> {
  const found = await verifiedPerson(context, input);
  if ('problem' in found) {
    await auditCodeFailure(context, 'identity.activation_code_issued', found.problem, {
      actor: operator,
      personId: found.personId,
    });
    return { ok: false, problem: found.problem };
  }
  const { person } = found;
  const now = context.clock.now();
  const code = newCode('centre');
  await context.db.transaction(async (tx) => {
    await storeCode(
      tx,
      {
        personId: person.id,
        channel: 'centre',
        hash: codeHash(context.secret, person.id, code),
        issuedBy: operator.accountId,
      },
      now,
    );
    // The operator sees the person's name and card: a view of their data, shown on "Who accessed my data".
    await audit(
      tx,
      {
        action: 'identity.activation_code_issued',
        actorAccountId: operator.accountId,
        actorRole: 'service_centre_operator',
        subjectPersonId: person.id,
        reason: 'passcode_issuance',
        details: { channel: 'centre' },
      },
      now,
    );
  });
  return { ok: true, code, person, expiresAt: new Date(now.getTime() + CODE_TTL_MS.centre) };
}

export type SmsResult = { ok: true; phoneEnding: string } | { ok: false; problem: CardProblem };

/** Online: FIN + card number; a one-time code goes to the phone number in the register (never to one typed in). */
export async function requestSmsCode(
  context: IdentityContext,
  input: { fin?: unknown; cardNumber?: unknown },
  client: Client,
  lang: Language,
): Promise<SmsResult> {
  if (context.codeThrottle.blocked(client.ip)) {
    await auditCodeFailure(context, 'identity.sms_code_sent', 'throttled', { ip: client.ip });
    return { ok: false, problem: 'throttled' };
  }
  context.codeThrottle.fail(client.ip);
  const found = await verifiedPerson(context, input);
  if ('problem' in found) {
    await auditCodeFailure(context, 'identity.sms_code_sent', found.problem, {
      ip: client.ip,
      personId: found.personId,
    });
    return { ok: false, problem: found.problem };
  }
  const { person } = found;
  const now = context.clock.now();
  const problem: CardProblem | undefined = !person.phone
    ? 'noPhone'
    : (await smsCodesSince(context.db, person.id, new Date(now.getTime() - 3600_000))) >=
        SMS_PER_PERSON_PER_HOUR
      ? 'tooManySms'
      : undefined;
  if (problem) {
    await auditCodeFailure(context, 'identity.sms_code_sent', problem, {
      ip: client.ip,
      personId: person.id,
    });
    return { ok: false, problem };
  }
  const code = newCode('sms');
  await context.db.transaction(async (tx) => {
    await storeCode(
      tx,
      {
        personId: person.id,
        channel: 'sms',
        hash: codeHash(context.secret, person.id, code),
        issuedBy: null,
      },
      now,
    );
    await queueSms(tx, { phone: person.phone as string, code, personId: person.id, lang }, now);
    await audit(
      tx,
      {
        action: 'identity.sms_code_sent',
        subjectPersonId: person.id,
        details: { channel: 'sms', address: addressKey(context, client.ip) },
      },
      now,
    );
  });
  return { ok: true, phoneEnding: (person.phone as string).slice(-2) };
}

export type ActivationProblem = 'finFormat' | 'codeMissing' | 'codeInvalid' | 'throttled' | PasscodeProblem;
export type ActivationResult = { ok: true; reset: boolean } | { ok: false; problem: ActivationProblem };

type CodeCheck = { ok: true; codeId: string; channel: string } | { ok: false; reason: string };

async function checkCode(context: IdentityContext, person: Person, code: string): Promise<CodeCheck> {
  const now = context.clock.now();
  const latest = await latestCode(context.db, person.id);
  if (!latest) return { ok: false, reason: 'no_code' };
  if (latest.usedAt) return { ok: false, reason: 'used' };
  if (latest.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  if (latest.attempts >= MAX_CODE_ATTEMPTS) return { ok: false, reason: 'attempts' };
  if (codeHash(context.secret, person.id, code) !== latest.codeHash) {
    await countAttempt(context.db, latest.id);
    return { ok: false, reason: 'wrong' };
  }
  return { ok: true, codeId: latest.id, channel: latest.channel };
}

/** Sets (or resets) the passcode with a one-time code; every failure is audited, none reveals more than "invalid". */
export async function activatePasscode(
  context: IdentityContext,
  input: { fin: unknown; code: unknown; passcode: string },
  client: Client,
): Promise<ActivationResult> {
  const fail = async (
    problem: ActivationProblem,
    reason: string,
    personId?: string,
  ): Promise<ActivationResult> => {
    context.activationThrottle.fail(client.ip);
    await auditCodeFailure(context, 'identity.passcode_set', reason, { ip: client.ip, personId });
    return { ok: false, problem };
  };
  if (context.activationThrottle.blocked(client.ip)) return fail('throttled', 'throttled');
  const fin = normaliseFin(input.fin);
  if (!fin) return fail('finFormat', 'malformed');
  const code = normaliseCode(input.code);
  if (!code) return { ok: false, problem: 'codeMissing' };
  const person = await findPersonByFin(context.db, fin);
  if (!person) return fail('codeInvalid', 'unknown_person');
  const check = await checkCode(context, person, code);
  if (!check.ok) return fail('codeInvalid', check.reason, person.id);
  // The rules are checked before the code is spent, so a refused passcode can be corrected with the same code.
  const ruleProblem = checkPasscodeRules(input.passcode, person);
  if (ruleProblem) return { ok: false, problem: ruleProblem };
  const hash = await hashPasscode(input.passcode);
  return savePasscode(context, person, check, hash, client);
}

async function savePasscode(
  context: IdentityContext,
  person: Person,
  check: Extract<CodeCheck, { ok: true }>,
  hash: string,
  client: Client,
): Promise<ActivationResult> {
  const now = context.clock.now();
  const result = await context.db.transaction(async (tx) => {
    if (!(await consumeCode(tx, check.codeId, now))) return undefined;
    const { account, created } = await setPasscode(tx, person.id, hash, now);
    // A reset ends every session: whoever knew the old passcode is logged out.
    if (!created) await revokeAllSessions(tx, account.id, now);
    await audit(
      tx,
      {
        action: created ? 'identity.passcode_issued' : 'identity.passcode_reset',
        actorAccountId: account.id,
        subjectPersonId: person.id,
        details: { channel: check.channel, address: addressKey(context, client.ip) },
      },
      now,
    );
    // Counted once per person: the figure is how many residents hold a passcode, which a reset does not change.
    if (created)
      await recordEvent(tx, {
        type: 'passcode_issued',
        at: now,
        dedupeKey: `passcode_issued:${accountPseudonym(context.secret, account.id)}`,
      });
    return { ok: true as const, reset: !created };
  });
  if (!result) {
    await auditCodeFailure(context, 'identity.passcode_set', 'used', { ip: client.ip, personId: person.id });
    return { ok: false, problem: 'codeInvalid' };
  }
  return result;
}
