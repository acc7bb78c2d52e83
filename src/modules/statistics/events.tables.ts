import { bigserial, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Everything the published statistics count. Other modules append through recordEvent (in their own
 * transaction); only the statistics module reads and rolls them up.
 * The real table differs from these declarations, which stay as they were so that drizzle-kit generates
 * nothing for it: migration 0019 partitions it by month of `at` (drizzle-kit cannot express that), with
 * primary key (id, at), unique (at, dedupe_key), no (type, at) index (docs/statistics.md).
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

/**
 * Dedupe keys of events recorded live (recordEvent): unique for all time, which a unique index on the
 * month-partitioned stat_events cannot be (it must include the time). Imported lines are keyed by a
 * hash of the line, time included, so (at, dedupe_key) unique per partition is enough for them.
 */
export const statEventKeys = pgTable('stat_event_keys', { dedupeKey: text('dedupe_key').primaryKey() });
