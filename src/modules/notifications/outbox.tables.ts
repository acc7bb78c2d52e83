import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Messages to send, written in the same transaction as the change they report; a worker sends them.
 * status: pending -> sending -> sent, or back to pending with a later next_attempt_at, or dead after the last try.
 * While 'sending', next_attempt_at is the end of the worker's lease: past it, another worker may take the row.
 */
export const outbox = pgTable(
  'notification_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    channel: text('channel').notNull(),
    recipient: text('recipient').notNull(),
    template: text('template').notNull(),
    lang: text('lang').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    /** The resident the message is about, so their account can list it; never logged. */
    personId: text('person_id'),
    dedupeKey: text('dedupe_key'),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** How it went out: 'smtp', 'gateway', or 'demo' (the built-in sink staff can read). */
    transport: text('transport'),
    /** The SMS gateway's delivery report (delivered, failed...), when one came back. */
    deliveryStatus: text('delivery_status'),
  },
  (t) => [
    index('notification_outbox_due_idx').on(t.status, t.nextAttemptAt),
    uniqueIndex('notification_outbox_dedupe_idx').on(t.dedupeKey),
  ],
);
