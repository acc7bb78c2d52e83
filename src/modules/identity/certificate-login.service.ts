import crypto from 'node:crypto';
import { eq, lt } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/client.ts';
import type { Viewer } from '../../platform/http/auth.ts';
import { appendAudit as audit } from '../audit/index.ts';
import { findAccountByPerson } from './accounts.repository.ts';
import { addressKey, type IdentityContext } from './context.ts';
import { raiseSessionLevel } from './data-view.ts';
import { identityCertificateChallenges } from './identity.tables.ts';
import type { Client } from './login.service.ts';
import { openSession } from './session-start.ts';

export const CERTIFICATE_CHALLENGE_TTL_MS = 5 * 60 * 1000;
const MAX_ATTEMPTS = 5;
const NONCE = /^[A-Za-z0-9_-]{43}$/;

/**
 * What the login needs from the certification centre. Passed in by the composition root (app.ts): the pki
 * module imports identity, so identity may not import pki back.
 */
export interface CertificateDirectory {
  caChain(db: Db | Tx): Promise<{ rawData: ArrayBuffer }[] | undefined>;
  certificateStatusAt(db: Db | Tx, serial: string, at: Date): Promise<{ status: string }>;
  certificatesWithPublicKey(
    db: Db | Tx,
    spki: Uint8Array,
  ): Promise<{ serial: string; holderPersonId: string; certPem: string }[]>;
}

export type CertificateLoginFailure =
  | 'throttled'
  | 'malformed'
  | 'challenge-unknown'
  | 'challenge-expired'
  | 'bad-signature'
  | 'no-certificate'
  | 'unknown-ca'
  | 'not-yet-valid'
  | 'expired'
  | 'revoked'
  | 'no-account';

export type CertificateLoginResult =
  | { kind: 'failed'; reason: CertificateLoginFailure }
  | { kind: 'session'; token: string; sessionId: string }
  | { kind: 'raised'; sessionId: string };

/** One key the browser holds: its public key (SPKI) or certificate (DER), and its raw r||s signature. */
export interface KeyAttempt {
  publicKey?: string;
  certificate?: string;
  signature: string;
}

/** Domain-separated: this text can never be mistaken for a document, a request or another site's login. */
export function challengeMessage(origin: string, nonce: string): string {
  return `egov-portal login\n${origin}\n${nonce}`;
}

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

export async function issueChallenge(
  context: IdentityContext,
  origin: string,
): Promise<{ nonce: string; message: string }> {
  const now = context.clock.now();
  const nonce = crypto.randomBytes(32).toString('base64url');
  await context.db.transaction(async (tx) => {
    // Expired challenges are kept an hour, so that a late answer is told "expired" rather than "unknown".
    const stale = new Date(now.getTime() - 60 * 60 * 1000);
    await tx.delete(identityCertificateChallenges).where(lt(identityCertificateChallenges.expiresAt, stale));
    await tx.insert(identityCertificateChallenges).values({
      nonceHash: sha256(nonce),
      createdAt: now,
      expiresAt: new Date(now.getTime() + CERTIFICATE_CHALLENGE_TTL_MS),
    });
  });
  return { nonce, message: challengeMessage(origin, nonce) };
}

/** Single use: the row is deleted by the first answer, whatever its outcome. */
async function consumeChallenge(db: Db, nonce: string, at: Date): Promise<'ok' | 'unknown' | 'expired'> {
  const rows = await db
    .delete(identityCertificateChallenges)
    .where(eq(identityCertificateChallenges.nonceHash, sha256(nonce)))
    .returning({ expiresAt: identityCertificateChallenges.expiresAt });
  const row = rows[0];
  if (!row) return 'unknown';
  return row.expiresAt.getTime() > at.getTime() ? 'ok' : 'expired';
}

function decode(value: unknown, max: number): Buffer | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) return undefined;
  if (!/^[A-Za-z0-9+/_-]+=*$/.test(value)) return undefined;
  return Buffer.from(value, value.includes('-') || value.includes('_') ? 'base64url' : 'base64');
}

export function parseAttempts(raw: unknown): KeyAttempt[] | undefined {
  if (typeof raw !== 'string' || raw.length > 40_000) return undefined;
  try {
    const list = JSON.parse(raw) as unknown;
    if (!Array.isArray(list) || list.length === 0 || list.length > MAX_ATTEMPTS) return undefined;
    return list.every((a) => a && typeof a === 'object' && typeof a.signature === 'string')
      ? (list as KeyAttempt[])
      : undefined;
  } catch {
    return undefined;
  }
}

/** The reason a certificate cannot log in now, or undefined when it can. */
async function certificateProblem(
  context: IdentityContext,
  directory: CertificateDirectory,
  certificate: crypto.X509Certificate,
  serial: string,
  at: Date,
): Promise<CertificateLoginFailure | undefined> {
  const chain = await directory.caChain(context.db);
  const [issuing, root] = (chain ?? []).map((c) => new crypto.X509Certificate(Buffer.from(c.rawData)));
  if (
    !issuing ||
    !root ||
    !certificate.checkIssued(issuing) ||
    !certificate.verify(issuing.publicKey) ||
    !issuing.verify(root.publicKey)
  )
    return 'unknown-ca';
  if (at.getTime() < new Date(certificate.validFrom).getTime()) return 'not-yet-valid';
  if (at.getTime() > new Date(certificate.validTo).getTime()) return 'expired';
  const status = await directory.certificateStatusAt(context.db, serial, at);
  if (status.status === 'revoked') return 'revoked';
  if (status.status !== 'good') return 'unknown-ca';
  return undefined;
}

const serialOf = (certificate: crypto.X509Certificate) =>
  certificate.serialNumber.toLowerCase().replace(/^0+(?=.)/, '');

/** Checks one key: its signature of the message, then the certificates we issued for it. */
async function checkAttempt(
  context: IdentityContext,
  directory: CertificateDirectory,
  attempt: KeyAttempt,
  message: string,
  at: Date,
): Promise<{ reason: CertificateLoginFailure } | { personId: string; serial: string }> {
  let presented: crypto.X509Certificate | undefined;
  let spki: Buffer | undefined;
  try {
    const der = decode(attempt.certificate, 20_000);
    presented = der ? new crypto.X509Certificate(der) : undefined;
    spki = presented
      ? (presented.publicKey.export({ type: 'spki', format: 'der' }) as Buffer)
      : decode(attempt.publicKey, 2_000);
    if (!spki) return { reason: 'malformed' };
    const key = crypto.createPublicKey({ key: spki, format: 'der', type: 'spki' });
    const signature = decode(attempt.signature, 600);
    if (!signature) return { reason: 'malformed' };
    const ok = crypto.verify(
      'sha256',
      Buffer.from(message),
      { key, dsaEncoding: key.asymmetricKeyType === 'ec' ? 'ieee-p1363' : undefined },
      signature,
    );
    if (!ok) return { reason: 'bad-signature' };
  } catch {
    return { reason: 'malformed' };
  }
  // A presented certificate must itself chain to our CA before we look it up.
  if (presented) {
    const problem = await certificateProblem(context, directory, presented, serialOf(presented), at);
    if (problem === 'unknown-ca') return { reason: problem };
  }
  const rows = await directory.certificatesWithPublicKey(context.db, spki);
  const candidates = presented ? rows.filter((r) => r.serial === serialOf(presented)) : rows;
  if (candidates.length === 0) return { reason: presented ? 'unknown-ca' : 'no-certificate' };
  let first: CertificateLoginFailure | undefined;
  for (const row of candidates) {
    const problem = await certificateProblem(
      context,
      directory,
      new crypto.X509Certificate(row.certPem),
      row.serial,
      at,
    );
    if (!problem) return { personId: row.holderPersonId, serial: row.serial };
    first ??= problem;
  }
  return { reason: first ?? 'no-certificate' };
}

/**
 * The answer to a challenge. A viewer already logged in as the certificate's holder is stepped up (the session
 * is raised to `high`); anyone else gets a new session at `high`.
 */
export async function loginWithCertificate(
  context: IdentityContext,
  directory: CertificateDirectory,
  input: { nonce: unknown; attempts: unknown; origin: string; viewer?: Viewer },
  client: Client,
): Promise<CertificateLoginResult> {
  const now = context.clock.now();
  if (context.loginThrottle.blocked(client.ip)) return failed(context, client, 'throttled');
  const attempts = parseAttempts(input.attempts);
  if (typeof input.nonce !== 'string' || !NONCE.test(input.nonce) || !attempts)
    return failed(context, client, 'malformed');
  const challenge = await consumeChallenge(context.db, input.nonce, now);
  if (challenge !== 'ok') return failed(context, client, `challenge-${challenge}`);
  const message = challengeMessage(input.origin, input.nonce);
  let reason: CertificateLoginFailure = 'no-certificate';
  for (const attempt of attempts) {
    const result = await checkAttempt(context, directory, attempt, message, now);
    if ('reason' in result) {
      // The most telling reason wins: a certificate's own problem over "this key has none".
      if (reason === 'no-certificate' || reason === 'malformed' || reason === 'bad-signature')
        reason = result.reason;
      continue;
    }
    const account = await findAccountByPerson(context.db, result.personId);
    if (!account) {
      reason = 'no-account';
      continue;
    }
    return opened(
      context,
      { accountId: account.id, personId: account.personId },
      result.serial,
      input,
      client,
    );
  }
  return failed(context, client, reason);
}

async function opened(
  context: IdentityContext,
  account: { accountId: string; personId: string },
  serial: string,
  input: { viewer?: Viewer },
  client: Client,
): Promise<CertificateLoginResult> {
  const now = context.clock.now();
  return context.db.transaction(async (tx) => {
    const viewer = input.viewer;
    if (viewer && viewer.accountId === account.accountId) {
      await raiseSessionLevel(tx, viewer.sessionId, 'high');
      await audit(
        tx,
        {
          action: 'identity.step_up',
          actorAccountId: account.accountId,
          subjectPersonId: account.personId,
          details: { level: 'high', method: 'certificate', certificate: serial, session: viewer.sessionId },
        },
        now,
      );
      return { kind: 'raised', sessionId: viewer.sessionId } as const;
    }
    const opened = await openSession(
      tx,
      context,
      {
        account: { id: account.accountId, personId: account.personId },
        level: 'high',
        secondFactor: false,
        client,
        details: { method: 'certificate', certificate: serial },
      },
      now,
    );
    return { kind: 'session', ...opened } as const;
  });
}

async function failed(
  context: IdentityContext,
  client: Client,
  reason: CertificateLoginFailure,
): Promise<CertificateLoginResult> {
  const now = context.clock.now();
  if (reason !== 'throttled') context.loginThrottle.fail(client.ip);
  await context.db.transaction((tx) =>
    audit(
      tx,
      {
        action: 'identity.login',
        outcome: reason === 'throttled' ? 'denied' : 'failure',
        details: { method: 'certificate', reason, address: addressKey(context, client.ip) },
      },
      now,
    ),
  );
  return { kind: 'failed', reason };
}
