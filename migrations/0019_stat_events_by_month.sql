-- stat_events becomes a table partitioned by UTC month of "at" (drizzle-kit cannot express this; the
-- declarations in events.tables.ts stay as they were so that generated migrations leave it alone).
-- Same name and columns: recordEvent and every reader keep working. A partitioned table's unique
-- indexes must contain the partition key, hence the primary key (id, at) and the dedupe index
-- (at, dedupe_key); live dedupe keys are kept unique for all time in stat_event_keys (docs/statistics.md).
ALTER TABLE "stat_events" RENAME TO "stat_events_unpartitioned";
--> statement-breakpoint
ALTER TABLE "stat_events_unpartitioned" RENAME CONSTRAINT "stat_events_pkey" TO "stat_events_unpartitioned_pkey";
--> statement-breakpoint
ALTER INDEX "stat_events_type_at_idx" RENAME TO "stat_events_unpartitioned_type_at_idx";
--> statement-breakpoint
ALTER INDEX "stat_events_dedupe_idx" RENAME TO "stat_events_unpartitioned_dedupe_idx";
--> statement-breakpoint
CREATE TABLE "stat_events" (
	"id" bigint DEFAULT nextval('stat_events_id_seq') NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"service_code" text,
	"agency_code" text,
	"channel" text,
	"outcome" text,
	"user_key" text,
	"subject_type" text,
	"dedupe_key" text,
	CONSTRAINT "stat_events_pkey" PRIMARY KEY ("id", "at")
) PARTITION BY RANGE ("at");
--> statement-breakpoint
ALTER SEQUENCE "stat_events_id_seq" OWNED BY "stat_events"."id";
--> statement-breakpoint
-- Leading "at": also serves the report's time-range reads of the edge days (no separate (type, at) index
-- to keep up on every insert).
CREATE UNIQUE INDEX "stat_events_dedupe_idx" ON "stat_events" USING btree ("at", "dedupe_key");
--> statement-breakpoint
-- Whatever month has no partition yet lands here, so no insert can fail; stat_events_month() moves it out.
CREATE TABLE "stat_events_default" PARTITION OF "stat_events" DEFAULT;
--> statement-breakpoint
-- Ensures the partition of the UTC month containing "at" exists and returns its name. Rows of that month
-- already in the default partition are moved into it (a partition cannot be created over them).
CREATE OR REPLACE FUNCTION "stat_events_month"("at" timestamptz) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  start timestamptz := date_trunc('month', "at" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
  stop timestamptz := start + interval '1 month';
  name text := 'stat_events_' || to_char(start AT TIME ZONE 'UTC', 'YYYY_MM');
BEGIN
  IF to_regclass(name) IS NOT NULL THEN
    RETURN name;
  END IF;
  PERFORM pg_advisory_xact_lock(7318030);
  IF to_regclass(name) IS NOT NULL THEN
    RETURN name;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM stat_events_default WHERE stat_events_default."at" >= start AND stat_events_default."at" < stop) THEN
    EXECUTE format('CREATE TABLE %I PARTITION OF stat_events FOR VALUES FROM (%L) TO (%L)', name, start, stop);
  ELSE
    EXECUTE format('CREATE TABLE %I (LIKE stat_events INCLUDING DEFAULTS)', name);
    EXECUTE format('WITH moved AS (DELETE FROM stat_events_default WHERE "at" >= %L AND "at" < %L RETURNING *)
      INSERT INTO %I SELECT * FROM moved', start, stop, name);
    EXECUTE format('ALTER TABLE stat_events ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', name, start, stop);
  END IF;
  RETURN name;
END $$;
--> statement-breakpoint
SELECT "stat_events_month"("m") FROM (SELECT DISTINCT date_trunc('month', "at" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS "m" FROM "stat_events_unpartitioned") AS "months";
--> statement-breakpoint
INSERT INTO "stat_events" SELECT "id", "type", "at", "service_code", "agency_code", "channel", "outcome", "user_key", "subject_type", "dedupe_key" FROM "stat_events_unpartitioned";
--> statement-breakpoint
INSERT INTO "stat_event_keys" SELECT DISTINCT "dedupe_key" FROM "stat_events_unpartitioned" WHERE "dedupe_key" IS NOT NULL AND "dedupe_key" NOT LIKE 'imp:%' ON CONFLICT DO NOTHING;
--> statement-breakpoint
DROP TABLE "stat_events_unpartitioned";
--> statement-breakpoint
-- The rollups gain months, totals and distinct users of months: the next run rebuilds them all from the
-- raw events in the configured time zone (a migration does not know it).
TRUNCATE "stat_hourly", "stat_daily", "stat_monthly", "stat_day_totals", "stat_month_totals", "stat_user_months";
--> statement-breakpoint
DELETE FROM "stat_watermark" WHERE "name" = 'rollups';
