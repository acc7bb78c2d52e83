import { inArray } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/client.ts';
import type { Language } from '../../platform/i18n/i18n.ts';
import { outbox } from './outbox.tables.ts';

export interface OutgoingMessage {
  channel: 'email' | 'sms';
  /** An email address or an E.164 phone number. */
  recipient: string;
  /** A template name the notifications module knows, e.g. 'application.status', 'passcode.code'. */
  template: string;
  lang: Language;
  data: Record<string, unknown>;
  personId?: string | null;
  /** Same key twice -> one message: retries of the change never send twice. */
  dedupeKey?: string;
}

/** Queues a message inside the caller's transaction: it is sent if and only if the change commits. */
export async function enqueueMessage(tx: Tx | Db, message: OutgoingMessage, at: Date): Promise<void> {
  await queueMessage(tx, message, at);
}

function outboxRow(message: OutgoingMessage, at: Date): typeof outbox.$inferInsert {
  return {
    createdAt: at,
    channel: message.channel,
    recipient: message.recipient,
    template: message.template,
    lang: message.lang,
    data: message.data,
    personId: message.personId ?? null,
    dedupeKey: message.dedupeKey ?? null,
    nextAttemptAt: at,
  };
}

/** Like enqueueMessage, and says whether a row was added (false: its dedupe key was already queued). */
export async function queueMessage(tx: Tx | Db, message: OutgoingMessage, at: Date): Promise<boolean> {
  const rows = await tx
    .insert(outbox)
    .values(outboxRow(message, at))
    .onConflictDoNothing()
    .returning({ id: outbox.id });
  return rows.length === 1;
}

/** Several messages in one statement; says how many rows were added (fewer: some dedupe keys were queued). */
export async function queueMessages(
  tx: Tx | Db,
  messages: { message: OutgoingMessage; at: Date }[],
): Promise<number> {
  if (messages.length === 0) return 0;
  const rows = await tx
    .insert(outbox)
    .values(messages.map((m) => outboxRow(m.message, m.at)))
    .onConflictDoNothing()
    .returning({ id: outbox.id });
  return rows.length;
}

/** Which of these dedupe keys already have a message. */
export async function queuedKeys(tx: Tx | Db, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await tx.select({ key: outbox.dedupeKey }).from(outbox).where(inArray(outbox.dedupeKey, keys));
  return new Set(rows.map((r) => r.key ?? ''));
}

/** How a resident can be reached and what they chose in their account (identity keeps both). */
export interface ResidentContact {
  email?: string | null;
  phone?: string | null;
  byEmail: boolean;
  bySms: boolean;
}

/**
 * Queues one message per channel the resident chose and can be reached on (email, SMS or both), each with
 * its own dedupe key. Returns the channels used: none when they chose nothing or gave no address.
 */
export async function enqueueForResident(
  tx: Tx | Db,
  contact: ResidentContact,
  message: Omit<OutgoingMessage, 'channel' | 'recipient'>,
  at: Date,
): Promise<OutgoingMessage['channel'][]> {
  const targets: [OutgoingMessage['channel'], string | null | undefined, boolean][] = [
    ['email', contact.email, contact.byEmail],
    ['sms', contact.phone, contact.bySms],
  ];
  const used: OutgoingMessage['channel'][] = [];
  for (const [channel, recipient, wanted] of targets) {
    if (!wanted || !recipient) continue;
    const dedupeKey = message.dedupeKey ? `${message.dedupeKey}:${channel}` : undefined;
    await enqueueMessage(tx, { ...message, channel, recipient, dedupeKey }, at);
    used.push(channel);
  }
  return used;
}
