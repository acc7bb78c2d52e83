CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"action" text NOT NULL,
	"outcome" text DEFAULT 'success' NOT NULL,
	"actor_account_id" text,
	"actor_role" text,
	"actor_agency" text,
	"subject_person_id" text,
	"subject_type" text,
	"subject_id" text,
	"reason" text,
	"details" jsonb,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stat_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"service_code" text,
	"agency_code" text,
	"channel" text,
	"outcome" text,
	"user_key" text,
	"subject_type" text,
	"dedupe_key" text
);
--> statement-breakpoint
CREATE INDEX "audit_log_subject_person_idx" ON "audit_log" USING btree ("subject_person_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_account_id","at");--> statement-breakpoint
CREATE INDEX "stat_events_type_at_idx" ON "stat_events" USING btree ("type","at");--> statement-breakpoint
CREATE UNIQUE INDEX "stat_events_dedupe_idx" ON "stat_events" USING btree ("dedupe_key");