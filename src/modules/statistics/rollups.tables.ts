import { bigint, date, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

// Rollup keys use '' instead of NULL so that one unique index can take ON CONFLICT upserts.
const keys = {
  type: text('type').notNull(),
  serviceCode: text('service_code').notNull().default(''),
  agencyCode: text('agency_code').notNull().default(''),
  channel: text('channel').notNull().default(''),
  subjectType: text('subject_type').notNull().default(''),
  count: bigint('count', { mode: 'number' }).notNull(),
};

/** Events per local day (config.timeZone): what every dashboard, open-data and report figure reads. */
export const statDaily = pgTable('stat_daily', { day: date('day').notNull(), ...keys }, (t) => [
  uniqueIndex('stat_daily_key_idx').on(t.day, t.type, t.serviceCode, t.agencyCode, t.channel, t.subjectType),
]);

/** Events per hour (UTC instant of the hour start). */
export const statHourly = pgTable(
  'stat_hourly',
  { hour: timestamp('hour', { withTimezone: true }).notNull(), ...keys },
  (t) => [
    uniqueIndex('stat_hourly_key_idx').on(
      t.hour,
      t.type,
      t.serviceCode,
      t.agencyCode,
      t.channel,
      t.subjectType,
    ),
  ],
);

/** How far the rollups have read stat_events (by id): each run adds only what came after. */
export const statWatermark = pgTable('stat_watermark', {
  name: text('name').primaryKey(),
  lastId: bigint('last_id', { mode: 'number' }).notNull(),
});

/** News items; editors publish the statistics report as one. */
export const statNews = pgTable('stat_news', {
  slug: text('slug').primaryKey(),
  lang: text('lang').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
});
