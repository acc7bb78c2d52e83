CREATE TABLE "stat_part_services" (
	"part" date NOT NULL,
	"type" text NOT NULL,
	"service_code" text NOT NULL,
	"agency_code" text NOT NULL,
	"count" bigint NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "stat_part_services_key_idx" ON "stat_part_services" USING btree ("type","part","service_code","agency_code");--> statement-breakpoint
-- New rollups: the next run rebuilds them all from the raw events (in the configured time zone).
TRUNCATE "stat_hourly", "stat_daily", "stat_monthly", "stat_day_totals", "stat_month_totals", "stat_user_months", "stat_day_services", "stat_month_services", "stat_part_services";
--> statement-breakpoint
DELETE FROM "stat_watermark" WHERE "name" = 'rollups';
