CREATE TABLE "stat_day_services" (
	"day" date NOT NULL,
	"type" text NOT NULL,
	"service_code" text NOT NULL,
	"agency_code" text NOT NULL,
	"count" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stat_month_services" (
	"month" date NOT NULL,
	"type" text NOT NULL,
	"service_code" text NOT NULL,
	"agency_code" text NOT NULL,
	"count" bigint NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "stat_day_services_key_idx" ON "stat_day_services" USING btree ("type","day","service_code","agency_code");--> statement-breakpoint
CREATE INDEX "stat_day_services_agency_idx" ON "stat_day_services" USING btree ("type","agency_code","day");--> statement-breakpoint
CREATE INDEX "stat_day_services_service_idx" ON "stat_day_services" USING btree ("type","service_code","day");--> statement-breakpoint
CREATE UNIQUE INDEX "stat_month_services_key_idx" ON "stat_month_services" USING btree ("type","month","service_code","agency_code");--> statement-breakpoint
CREATE INDEX "stat_month_services_agency_idx" ON "stat_month_services" USING btree ("type","agency_code","month");