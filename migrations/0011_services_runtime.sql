CREATE TABLE "application_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"actor" text NOT NULL,
	"message" text
);
--> statement-breakpoint
CREATE TABLE "applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text,
	"service_code" text NOT NULL,
	"agency_code" text NOT NULL,
	"definition_version" integer NOT NULL,
	"person_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"submission_key" text NOT NULL,
	"status" text NOT NULL,
	"lang" text NOT NULL,
	"data" jsonb NOT NULL,
	"assigned_to" uuid,
	"assigned_name" text,
	"deadline" timestamp with time zone,
	"decision_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry_datasets" (
	"name" text PRIMARY KEY NOT NULL,
	"agency_code" text NOT NULL,
	"columns" jsonb NOT NULL,
	"key_columns" jsonb NOT NULL,
	"active_version" integer NOT NULL,
	"row_count" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry_rows" (
	"dataset" text NOT NULL,
	"version" integer NOT NULL,
	"key" text NOT NULL,
	"data" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_definitions" (
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"kind" text NOT NULL,
	"agency_code" text NOT NULL,
	"definition" jsonb NOT NULL,
	"saved_at" timestamp with time zone NOT NULL,
	CONSTRAINT "service_definitions_code_version_pk" PRIMARY KEY("code","version")
);
--> statement-breakpoint
CREATE INDEX "application_events_app_idx" ON "application_events" USING btree ("application_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "applications_submission_idx" ON "applications" USING btree ("account_id","submission_key");--> statement-breakpoint
CREATE UNIQUE INDEX "applications_number_idx" ON "applications" USING btree ("number");--> statement-breakpoint
CREATE INDEX "applications_person_idx" ON "applications" USING btree ("person_id","updated_at");--> statement-breakpoint
CREATE INDEX "applications_agency_idx" ON "applications" USING btree ("agency_code","status","submitted_at");--> statement-breakpoint
CREATE INDEX "registry_rows_key_idx" ON "registry_rows" USING btree ("dataset","version","key");