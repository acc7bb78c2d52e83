import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * One row per page the server rendered (or per imported pageview). Never an address or a user agent:
 * only what the published figures need. Append-only; the sessioniser reads it by id after a watermark.
 */
export const webPageviews = pgTable(
  'web_pageviews',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** Keyed hash of the `vid` cookie, or the account's pseudonym; null when the view is anonymous (DNT/GPC). */
    visitorKey: text('visitor_key'),
    pageType: text('page_type').notNull(),
    serviceCode: text('service_code'),
    agencyCode: text('agency_code'),
    /** Route-shaped path without the language (e.g. /services/123); private parameters stay as :name. */
    path: text('path').notNull(),
    lang: text('lang'),
    device: text('device'),
    referrerHost: text('referrer_host'),
    source: text('source').notNull().default('web'),
    /** Only imports set it, so re-running an import does not count twice (unique with `at`). */
    dedupeKey: text('dedupe_key'),
  },
  (t) => [
    index('web_pageviews_visitor_idx').on(t.visitorKey, t.at),
    // The time first: an import in time order then adds to the end of the index instead of all over it.
    // An imported line's key is a hash of the line, its time included, so unique with it is as unique.
    uniqueIndex('web_pageviews_dedupe_idx').on(t.at, t.dedupeKey).where(sql`dedupe_key is not null`),
  ],
);

/**
 * Sessions. A visit never spans two local dates, so each local day can be sessionised on its own.
 * No id: a visit is found by its day and visitor (and start); a key of its own cost a sequence call and
 * an index entry per visit, a third of the time to copy the visits in (ADR 0008).
 */
export const webVisits = pgTable(
  'web_visits',
  {
    visitorKey: text('visitor_key').notNull(),
    localDate: date('local_date').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }).notNull(),
    pageviews: integer('pageviews').notNull(),
    isNew: boolean('is_new').notNull(),
    device: text('device'),
    lang: text('lang'),
    referrerHost: text('referrer_host'),
    entryPath: text('entry_path'),
    /** Per pageview, in order (not deduplicated: cheaper to build; the rollup counts distinct values). */
    pageTypes: text('page_types').array().notNull(),
    serviceCodes: text('service_codes').array().notNull(),
    agencyCodes: text('agency_codes').array().notNull(),
    /**
     * Lets a live page estimate distinct users from a 1/16 sample. Generated, so that visits can be copied
     * straight in (COPY cannot compute it) and every path computes it the same way.
     */
    keyBucket: smallint('key_bucket').generatedAlwaysAs(sql`hashtext(visitor_key) & 15`),
  },
  (t) => [
    index('web_visits_day_idx').on(t.localDate, t.visitorKey),
    // Only the sample the live page counts: a sixteenth of the index writes of a full index.
    index('web_visits_bucket_idx').on(t.localDate, t.visitorKey).where(sql`key_bucket = 0`),
  ],
);

/** The first pageview of each visitor ever: its visit is the visitor's new visit. */
export const webVisitors = pgTable('web_visitors', {
  visitorKey: text('visitor_key').primaryKey(),
  firstAt: timestamp('first_at', { withTimezone: true }).notNull(),
});

/** A browser's `vid` seen with a logged-in account: its pageviews become the account's, one person one user. */
export const webVisitorLinks = pgTable(
  'web_visitor_links',
  {
    visitorKey: text('visitor_key').primaryKey(),
    userKey: text('user_key').notNull(),
    linkedAt: timestamp('linked_at', { withTimezone: true }).notNull(),
    applied: boolean('applied').notNull().default(false),
  },
  (t) => [index('web_visitor_links_pending_idx').on(t.applied)],
);

/** Engaged time reported by the optional beacon; kept apart so that it never changes visit durations. */
export const webEngagement = pgTable(
  'web_engagement',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    visitorKey: text('visitor_key').notNull(),
    pageviewAt: timestamp('pageview_at', { withTimezone: true }).notNull(),
    engagedMs: integer('engaged_ms').notNull(),
  },
  (t) => [
    index('web_engagement_visitor_idx').on(t.visitorKey, t.pageviewAt),
    index('web_engagement_at_idx').on(t.pageviewAt),
  ],
);

/**
 * Figures per local day: a chunk's new visitor-days are added, a day whose visits changed otherwise is
 * rebuilt from web_visits.
 */
export const webDaily = pgTable('web_daily', {
  localDate: date('local_date').primaryKey(),
  visits: integer('visits').notNull(),
  visitPageviews: bigint('visit_pageviews', { mode: 'number' }).notNull(),
  /** Sum of the visits' durations, exact (timestamps are microseconds), so that chunks' sums add up. */
  durationMicros: bigint('duration_micros', { mode: 'number' }).notNull(),
  newVisits: integer('new_visits').notNull(),
  users: integer('users').notNull(),
  engagedMs: bigint('engaged_ms', { mode: 'number' }).notNull().default(0),
  engagedVisits: integer('engaged_visits').notNull().default(0),
});

/**
 * Per day and dimension (device, lang, page_type, service, agency, page, referrer, total): pageviews
 * (added as pageviews are sessionised) and visits that included the value (rebuilt with the day).
 */
export const webDailyDims = pgTable(
  'web_daily_dims',
  {
    localDate: date('local_date').notNull(),
    dimension: text('dimension').notNull(),
    value: text('value').notNull(),
    pageviews: bigint('pageviews', { mode: 'number' }).notNull().default(0),
    visits: integer('visits').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.localDate, t.dimension, t.value] })],
);

/** Requests left out of the figures (bots, prefetches), counted per day and reason. */
export const webExcluded = pgTable(
  'web_excluded',
  {
    localDate: date('local_date').notNull(),
    reason: text('reason').notNull(),
    requests: bigint('requests', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.localDate, t.reason] })],
);

/** The sessioniser's watermarks (one row). */
export const webState = pgTable('web_state', {
  id: integer('id').primaryKey(),
  lastPageviewId: bigint('last_pageview_id', { mode: 'number' }).notNull().default(0),
  lastEngagementId: bigint('last_engagement_id', { mode: 'number' }).notNull().default(0),
  timeZone: text('time_zone'),
  sessionisedAt: timestamp('sessionised_at', { withTimezone: true }),
});

/** Days whose rollups must be rebuilt (filled and emptied inside the sessioniser's transaction). */
export const webDirtyDays = pgTable('web_dirty_days', {
  localDate: date('local_date').primaryKey(),
});

/** Visitor-days whose visits must be rebuilt (work table of the sessioniser, empty between runs). */
export const webDirtyVisitorDays = pgTable(
  'web_dirty_visitor_days',
  {
    visitorKey: text('visitor_key').notNull(),
    localDate: date('local_date').notNull(),
  },
  (t) => [primaryKey({ columns: [t.visitorKey, t.localDate] })],
);

/** Spill files already replayed, so that a crash between commit and unlink never counts a file twice. */
export const webSpillReplays = pgTable('web_spill_replays', {
  file: text('file').primaryKey(),
  replayedAt: timestamp('replayed_at', { withTimezone: true }).notNull().defaultNow(),
});
