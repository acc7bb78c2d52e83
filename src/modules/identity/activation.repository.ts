import crypto from 'node:crypto';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/client.ts';
import type { Language } from '../../platform/i18n/i18n.ts';
import { enqueueMessage, outbox, renderMessage } from '../notifications/index.ts';
import { identityActivationCodes } from './identity.tables.ts';

export type ActivationCode = typeof identityActivationCodes.$inferSelect;
export type Channel = ActivationCode['channel'];

export const CODE_TTL_MS: Record<Channel, number> = { centre: 72 * 3600 * 1000, sms: 10 * 60 * 1000 };
export const MAX_CODE_ATTEMPTS = 5;

// Service-centre codes are read out and typed: no 0/O, 1/I/L.
const CENTRE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function newCode(channel: Channel): string {
  if (channel === 'sms') return String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  const chars = Array.from({ length: 8 }, () => CENTRE_ALPHABET[crypto.randomInt(0, CENTRE_ALPHABET.length)]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

/** Codes are compared as typed, without spaces or dashes, in capitals. */
export function normaliseCode(raw: unknown): string {
  return typeof raw === 'string'
    ? raw
        .replace(/[\s-]+/g, '')
        .toUpperCase()
        .slice(0, 20)
    : '';
}

/** Keyed and bound to the person: a code leaked from the table is useless, and useless for anyone else. */
export function codeHash(secret: string, personId: string, code: string): string {
  return crypto
    .createHmac('sha256', secret)
    .update(`activation\u0000${personId}\u0000${normaliseCode(code)}`)
    .digest('hex');
}

/** A new code replaces any earlier unused one of the same person. */
export async function storeCode(
  tx: Tx | Db,
  input: { personId: string; channel: Channel; hash: string; issuedBy: string | null },
  at: Date,
): Promise<ActivationCode> {
  await tx
    .update(identityActivationCodes)
    .set({ usedAt: at })
    .where(and(eq(identityActivationCodes.personId, input.personId), isNull(identityActivationCodes.usedAt)));
  const [row] = await tx
    .insert(identityActivationCodes)
    .values({
      id: crypto.randomUUID(),
      personId: input.personId,
      channel: input.channel,
      codeHash: input.hash,
      createdAt: at,
      expiresAt: new Date(at.getTime() + CODE_TTL_MS[input.channel]),
      issuedBy: input.issuedBy,
    })
    .returning();
  return row as ActivationCode;
}

/** The person's most recent code, whatever its state: the caller tells expired, used and spent apart. */
export async function latestCode(db: Db | Tx, personId: string): Promise<ActivationCode | undefined> {
  const [row] = await db
    .select()
    .from(identityActivationCodes)
    .where(eq(identityActivationCodes.personId, personId))
    .orderBy(desc(identityActivationCodes.createdAt))
    .limit(1);
  return row;
}

export async function countAttempt(db: Db | Tx, id: string): Promise<void> {
  await db
    .update(identityActivationCodes)
    .set({ attempts: sql`${identityActivationCodes.attempts} + 1` })
    .where(eq(identityActivationCodes.id, id));
}

/** Marks the code used only if it still was not: of two concurrent uses exactly one wins. */
export async function consumeCode(tx: Tx | Db, id: string, at: Date): Promise<boolean> {
  const rows = await tx
    .update(identityActivationCodes)
    .set({ usedAt: at })
    .where(
      and(
        eq(identityActivationCodes.id, id),
        isNull(identityActivationCodes.usedAt),
        gt(identityActivationCodes.expiresAt, at),
      ),
    )
    .returning({ id: identityActivationCodes.id });
  return rows.length === 1;
}

export async function smsCodesSince(db: Db | Tx, personId: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(identityActivationCodes)
    .where(
      and(
        eq(identityActivationCodes.personId, personId),
        eq(identityActivationCodes.channel, 'sms'),
        gt(identityActivationCodes.createdAt, since),
      ),
    );
  return row?.n ?? 0;
}

/** The one-time code goes out through the notifications outbox, committed with the code it carries. */
export async function queueSms(
  tx: Tx | Db,
  message: { phone: string; code: string; personId: string; lang: Language },
  at: Date,
): Promise<void> {
  await enqueueMessage(
    tx,
    {
      channel: 'sms',
      recipient: message.phone,
      template: 'passcode.code',
      lang: message.lang,
      data: { code: message.code, minutes: CODE_TTL_MS.sms / 60_000 },
      personId: message.personId,
    },
    at,
  );
}

/**
 * Passcode codes sent by SMS in the last hour, newest first, as the phone shows them: for `egov sms outbox`
 * in the demo (whose SMS "gateway" is the outbox itself) and for tests.
 */
export async function recentSms(
  db: Db | Tx,
  at: Date,
  phone?: string,
): Promise<{ createdAt: Date; phone: string; body: string; status: string }[]> {
  const rows = await db
    .select()
    .from(outbox)
    .where(
      and(
        eq(outbox.channel, 'sms'),
        eq(outbox.template, 'passcode.code'),
        gt(outbox.createdAt, new Date(at.getTime() - 3600_000)),
        phone ? eq(outbox.recipient, phone) : undefined,
      ),
    )
    .orderBy(desc(outbox.createdAt), desc(outbox.id));
  return rows.map((row) => ({
    createdAt: row.createdAt,
    phone: row.recipient,
    body: renderMessage(row.template, row.lang as Language, row.data).text,
    status: row.status,
  }));
}
