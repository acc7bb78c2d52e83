DROP INDEX "web_pageviews_at_idx";--> statement-breakpoint
DROP INDEX "web_visits_new_idx";--> statement-breakpoint
DROP INDEX "web_visits_bucket_idx";--> statement-breakpoint
CREATE INDEX "web_visits_bucket_idx" ON "web_visits" USING btree ("local_date","visitor_key") WHERE key_bucket = 0;