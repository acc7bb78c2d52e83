-- Visitor keys are opaque hashes: byte order ("C") sorts and compares them several times faster than the
-- database's linguistic collation (sessionising sorts every chunk by key; the indexes compare on every
-- insert). Equality is the same in both, so no figure changes. All key columns together, so that joins
-- between the tables still compare in one collation and use the indexes.
ALTER TABLE "web_pageviews" ALTER COLUMN "visitor_key" TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "web_visits" ALTER COLUMN "visitor_key" TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "web_visitors" ALTER COLUMN "visitor_key" TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "web_visitor_links" ALTER COLUMN "visitor_key" TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "web_visitor_links" ALTER COLUMN "user_key" TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "web_engagement" ALTER COLUMN "visitor_key" TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "web_dirty_visitor_days" ALTER COLUMN "visitor_key" TYPE text COLLATE "C";
