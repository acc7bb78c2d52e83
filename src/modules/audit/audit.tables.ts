import { bigserial, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Append-only; each row carries the hash of the previous one, so any change breaks the chain. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    action: text('action').notNull(),
    outcome: text('outcome').notNull().default('success'),
    actorAccountId: text('actor_account_id'),
    actorRole: text('actor_role'),
    actorAgency: text('actor_agency'),
    subjectPersonId: text('subject_person_id'),
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    reason: text('reason'),
    details: jsonb('details').$type<Record<string, unknown>>(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_log_subject_person_idx').on(t.subjectPersonId, t.at),
    index('audit_log_actor_idx').on(t.actorAccountId, t.at),
  ],
);
