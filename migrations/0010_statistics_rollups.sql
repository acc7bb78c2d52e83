CREATE TABLE "stat_daily" (
	"day" date NOT NULL,
	"type" text NOT NULL,
	"service_code" text DEFAULT '' NOT NULL,
	"agency_code" text DEFAULT '' NOT NULL,
	"channel" text DEFAULT '' NOT NULL,
	"subject_type" text DEFAULT '' NOT NULL,
	"count" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stat_hourly" (
	"hour" timestamp with time zone NOT NULL,
	"type" text NOT NULL,
	"service_code" text DEFAULT '' NOT NULL,
	"agency_code" text DEFAULT '' NOT NULL,
	"channel" text DEFAULT '' NOT NULL,
	"subject_type" text DEFAULT '' NOT NULL,
	"count" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stat_news" (
	"slug" text PRIMARY KEY NOT NULL,
	"lang" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stat_watermark" (
	"name" text PRIMARY KEY NOT NULL,
	"last_id" bigint NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "stat_daily_key_idx" ON "stat_daily" USING btree ("day","type","service_code","agency_code","channel","subject_type");--> statement-breakpoint
CREATE UNIQUE INDEX "stat_hourly_key_idx" ON "stat_hourly" USING btree ("hour","type","service_code","agency_code","channel","subject_type");