CREATE TABLE "stat_event_keys" (
	"dedupe_key" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stat_day_totals" (
	"day" date NOT NULL,
	"type" text NOT NULL,
	"channel" text DEFAULT '' NOT NULL,
	"subject_type" text DEFAULT '' NOT NULL,
	"count" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stat_month_totals" (
	"month" date NOT NULL,
	"type" text NOT NULL,
	"channel" text DEFAULT '' NOT NULL,
	"subject_type" text DEFAULT '' NOT NULL,
	"count" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stat_monthly" (
	"month" date NOT NULL,
	"type" text NOT NULL,
	"service_code" text DEFAULT '' NOT NULL,
	"agency_code" text DEFAULT '' NOT NULL,
	"channel" text DEFAULT '' NOT NULL,
	"subject_type" text DEFAULT '' NOT NULL,
	"count" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stat_user_months" (
	"month" date NOT NULL,
	"user_key" text NOT NULL,
	CONSTRAINT "stat_user_months_month_user_key_pk" PRIMARY KEY("month","user_key")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "stat_day_totals_key_idx" ON "stat_day_totals" USING btree ("type","day","channel","subject_type");--> statement-breakpoint
CREATE UNIQUE INDEX "stat_month_totals_key_idx" ON "stat_month_totals" USING btree ("type","month","channel","subject_type");--> statement-breakpoint
CREATE UNIQUE INDEX "stat_monthly_key_idx" ON "stat_monthly" USING btree ("type","month","service_code","agency_code","channel","subject_type");--> statement-breakpoint
CREATE INDEX "stat_monthly_agency_idx" ON "stat_monthly" USING btree ("type","agency_code","month");--> statement-breakpoint
CREATE INDEX "stat_monthly_service_idx" ON "stat_monthly" USING btree ("type","service_code","month");--> statement-breakpoint
CREATE INDEX "stat_daily_agency_idx" ON "stat_daily" USING btree ("type","agency_code","day");--> statement-breakpoint
CREATE INDEX "stat_daily_service_idx" ON "stat_daily" USING btree ("type","service_code","day");