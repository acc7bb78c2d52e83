import { bigserial, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Everything the published statistics count. Other modules append through recordEvent (in their own
 * transaction); only the statistics module reads and rolls them up.
 */
export const statEvents = pgTable(
  'stat_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    type: text('type').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    serviceCode: text('service_code'),
    agencyCode: text('agency_code'),
    channel: text('channel'),
    outcome: text('outcome'),
    /** Pseudonymous (keyed hash); never a FIN or an account id. */
    userKey: text('user_key'),
    subjectType: text('subject_type'),
    /** Makes retries and re-imports idempotent. */
    dedupeKey: text('dedupe_key'),
  },
  (t) => [
    index('stat_events_type_at_idx').on(t.type, t.at),
    uniqueIndex('stat_events_dedupe_idx').on(t.dedupeKey),
  ],
);
