import { bigint, date, index, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

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
  // An agency's or a service's page reads its own few rows, not every service of every day.
  index('stat_daily_agency_idx').on(t.type, t.agencyCode, t.day),
  index('stat_daily_service_idx').on(t.type, t.serviceCode, t.day),
]);

/**
 * Events per local month, same keys as stat_daily: a long period reads whole months here and only its
 * partial edge months from stat_daily (figures.repository.ts), so a year is ~12 rows per key, not ~365.
 */
export const statMonthly = pgTable('stat_monthly', { month: date('month').notNull(), ...keys }, (t) => [
  uniqueIndex('stat_monthly_key_idx').on(
    t.type,
    t.month,
    t.serviceCode,
    t.agencyCode,
    t.channel,
    t.subjectType,
  ),
  index('stat_monthly_agency_idx').on(t.type, t.agencyCode, t.month),
  index('stat_monthly_service_idx').on(t.type, t.serviceCode, t.month),
]);

// The service tables drop channel and subject type: top services and agencies, and an agency's or a
// service's totals, read one row per service and day or month instead of one per channel too.
const serviceKeys = {
  type: text('type').notNull(),
  serviceCode: text('service_code').notNull(),
  agencyCode: text('agency_code').notNull(),
  count: bigint('count', { mode: 'number' }).notNull(),
};

/** Events per local day and service. */
export const statDayServices = pgTable(
  'stat_day_services',
  { day: date('day').notNull(), ...serviceKeys },
  (t) => [
    uniqueIndex('stat_day_services_key_idx').on(t.type, t.day, t.serviceCode, t.agencyCode),
    index('stat_day_services_agency_idx').on(t.type, t.agencyCode, t.day),
    index('stat_day_services_service_idx').on(t.type, t.serviceCode, t.day),
  ],
);

/** Events per local month and service. */
export const statMonthServices = pgTable(
  'stat_month_services',
  { month: date('month').notNull(), ...serviceKeys },
  (t) => [
    uniqueIndex('stat_month_services_key_idx').on(t.type, t.month, t.serviceCode, t.agencyCode),
    index('stat_month_services_agency_idx').on(t.type, t.agencyCode, t.month),
  ],
);

/**
 * Events per service and third of a local month (days 1-10, 11-20, 21-end; `part` is its first day): the
 * partial edge months of a period read at most 9 days on each side from stat_day_services, not 30.
 */
export const statPartServices = pgTable(
  'stat_part_services',
  { part: date('part').notNull(), ...serviceKeys },
  (t) => [uniqueIndex('stat_part_services_key_idx').on(t.type, t.part, t.serviceCode, t.agencyCode)],
);

// The totals tables drop service and agency: the whole portal's figures (the dashboard's first view)
// read a few rows a day or a month instead of one per service.
const totalKeys = {
  type: text('type').notNull(),
  channel: text('channel').notNull().default(''),
  subjectType: text('subject_type').notNull().default(''),
  count: bigint('count', { mode: 'number' }).notNull(),
};

/** Events per local day and channel / subject type, all services together. */
export const statDayTotals = pgTable('stat_day_totals', { day: date('day').notNull(), ...totalKeys }, (t) => [
  uniqueIndex('stat_day_totals_key_idx').on(t.type, t.day, t.channel, t.subjectType),
]);

/**
 * Events per local month and channel / subject type; type 'service_user' counts the distinct users of
 * services in the month (exact: a user counts when its row in stat_user_months is new).
 */
export const statMonthTotals = pgTable(
  'stat_month_totals',
  { month: date('month').notNull(), ...totalKeys },
  (t) => [uniqueIndex('stat_month_totals_key_idx').on(t.type, t.month, t.channel, t.subjectType)],
);

/** Which pseudonymous users used a service in a local month: exact distinct users of whole months. */
export const statUserMonths = pgTable(
  'stat_user_months',
  { month: date('month').notNull(), userKey: text('user_key').notNull() },
  (t) => [primaryKey({ columns: [t.month, t.userKey] })],
);

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
