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

/** Like enqueueMessage, and says whether a row was added (false: its dedupe key was already queued). */
export async function queueMessage(tx: Tx | Db, message: OutgoingMessage, at: Date): Promise<boolean> {
  const rows = await tx
    .insert(outbox)
    .values({
      createdAt: at,
      channel: message.channel,
      recipient: message.recipient,
      template: message.template,
      lang: message.lang,
      data: message.data,
      personId: message.personId ?? null,
      dedupeKey: message.dedupeKey ?? null,
      nextAttemptAt: at,
    })
    .onConflictDoNothing()
    .returning({ id: outbox.id });
  return rows.length === 1;
}
