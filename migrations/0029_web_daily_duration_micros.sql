-- A chunk's visits are now added to their days' figures instead of every touched day being rebuilt from
-- all its visits. Whole seconds per day could not be added without rounding twice: the sum is kept in
-- microseconds, as exact as the timestamps. Days sessionised before keep their whole seconds.
ALTER TABLE "web_daily" ADD COLUMN "duration_micros" bigint;--> statement-breakpoint
UPDATE "web_daily" SET "duration_micros" = "duration_seconds" * 1000000;--> statement-breakpoint
ALTER TABLE "web_daily" ALTER COLUMN "duration_micros" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "web_daily" DROP COLUMN "duration_seconds";
