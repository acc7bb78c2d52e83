import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Append-only. Writers insert without any lock; the sealer (audit.sealer.ts) then gives each committed row its
 * place in the chain (`seq`) and the hash linking it to the previous one, so any later change breaks the chain.
 */
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
    /** Position in the chain; null until sealed (seconds after commit). */
    seq: bigint('seq', { mode: 'number' }),
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [
    index('audit_log_subject_person_idx').on(t.subjectPersonId, t.at),
    index('audit_log_actor_idx').on(t.actorAccountId, t.at),
    uniqueIndex('audit_log_seq_idx').on(t.seq),
  ],
);
