CREATE TABLE "web_daily" (
	"local_date" date PRIMARY KEY NOT NULL,
	"visits" integer NOT NULL,
	"visit_pageviews" bigint NOT NULL,
	"duration_seconds" bigint NOT NULL,
	"new_visits" integer NOT NULL,
	"users" integer NOT NULL,
	"engaged_ms" bigint DEFAULT 0 NOT NULL,
	"engaged_visits" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "web_daily_dims" (
	"local_date" date NOT NULL,
	"dimension" text NOT NULL,
	"value" text NOT NULL,
	"pageviews" bigint DEFAULT 0 NOT NULL,
	"visits" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "web_daily_dims_local_date_dimension_value_pk" PRIMARY KEY("local_date","dimension","value")
);
--> statement-breakpoint
CREATE TABLE "web_dirty_days" (
	"local_date" date PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "web_dirty_visitor_days" (
	"visitor_key" text NOT NULL,
	"local_date" date NOT NULL,
	CONSTRAINT "web_dirty_visitor_days_visitor_key_local_date_pk" PRIMARY KEY("visitor_key","local_date")
);
--> statement-breakpoint
CREATE TABLE "web_engagement" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"visitor_key" text NOT NULL,
	"pageview_at" timestamp with time zone NOT NULL,
	"engaged_ms" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "web_excluded" (
	"local_date" date NOT NULL,
	"reason" text NOT NULL,
	"requests" bigint NOT NULL,
	CONSTRAINT "web_excluded_local_date_reason_pk" PRIMARY KEY("local_date","reason")
);
--> statement-breakpoint
CREATE TABLE "web_pageviews" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"visitor_key" text,
	"page_type" text NOT NULL,
	"service_code" text,
	"agency_code" text,
	"path" text NOT NULL,
	"lang" text,
	"device" text,
	"referrer_host" text,
	"source" text DEFAULT 'web' NOT NULL,
	"dedupe_key" text
);
--> statement-breakpoint
CREATE TABLE "web_spill_replays" (
	"file" text PRIMARY KEY NOT NULL,
	"replayed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "web_state" (
	"id" integer PRIMARY KEY NOT NULL,
	"last_pageview_id" bigint DEFAULT 0 NOT NULL,
	"last_engagement_id" bigint DEFAULT 0 NOT NULL,
	"time_zone" text,
	"sessionised_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "web_visitor_links" (
	"visitor_key" text PRIMARY KEY NOT NULL,
	"user_key" text NOT NULL,
	"linked_at" timestamp with time zone NOT NULL,
	"applied" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "web_visitors" (
	"visitor_key" text PRIMARY KEY NOT NULL,
	"first_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "web_visits" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"visitor_key" text NOT NULL,
	"local_date" date NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"pageviews" integer NOT NULL,
	"is_new" boolean NOT NULL,
	"device" text,
	"lang" text,
	"referrer_host" text,
	"entry_path" text,
	"page_types" text[] NOT NULL,
	"service_codes" text[] NOT NULL,
	"agency_codes" text[] NOT NULL,
	"key_bucket" smallint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "web_engagement_visitor_idx" ON "web_engagement" USING btree ("visitor_key","pageview_at");--> statement-breakpoint
CREATE INDEX "web_pageviews_at_idx" ON "web_pageviews" USING btree ("at");--> statement-breakpoint
CREATE INDEX "web_pageviews_visitor_idx" ON "web_pageviews" USING btree ("visitor_key","at");--> statement-breakpoint
CREATE UNIQUE INDEX "web_pageviews_dedupe_idx" ON "web_pageviews" USING btree ("dedupe_key") WHERE dedupe_key is not null;--> statement-breakpoint
CREATE INDEX "web_visitor_links_pending_idx" ON "web_visitor_links" USING btree ("applied");--> statement-breakpoint
CREATE INDEX "web_visits_visitor_idx" ON "web_visits" USING btree ("visitor_key","started_at");--> statement-breakpoint
CREATE INDEX "web_visits_day_idx" ON "web_visits" USING btree ("local_date","visitor_key");--> statement-breakpoint
CREATE INDEX "web_visits_bucket_idx" ON "web_visits" USING btree ("key_bucket","local_date","visitor_key");--> statement-breakpoint
CREATE INDEX "web_visits_new_idx" ON "web_visits" USING btree ("visitor_key") WHERE is_new;