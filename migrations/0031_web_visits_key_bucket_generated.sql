-- The sessioniser copies a chunk's visits straight into web_visits (COPY cannot compute a column): the
-- sample bucket is now computed by the table itself, the same for every path. Dropping the column drops
-- the partial index on it, made again on the new column.
ALTER TABLE "web_visits" DROP COLUMN "key_bucket";--> statement-breakpoint
ALTER TABLE "web_visits" ADD COLUMN "key_bucket" smallint GENERATED ALWAYS AS (hashtext(visitor_key) & 15) STORED;--> statement-breakpoint
CREATE INDEX "web_visits_bucket_idx" ON "web_visits" USING btree ("local_date","visitor_key") WHERE key_bucket = 0;
