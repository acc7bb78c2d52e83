-- Imported pageviews were keyed by a random hash alone: every COPY row went to a random page of the
-- index (636,000 pageviews in time order: 7.3-9.0 s with it, 4.2-5.4 s keyed by (at, key), about what the
-- table costs without the index). The key hashes the line, its time included: unique with the time is as
-- unique.
DROP INDEX "web_pageviews_dedupe_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "web_pageviews_dedupe_idx" ON "web_pageviews" USING btree ("at","dedupe_key") WHERE dedupe_key is not null;