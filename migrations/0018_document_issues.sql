CREATE TABLE "document_issues" (
	"document_id" text PRIMARY KEY NOT NULL,
	"verification_code" text NOT NULL,
	"kind" text NOT NULL,
	"account_id" text NOT NULL,
	"person_id" text NOT NULL,
	"agency_code" text NOT NULL,
	"service_code" text NOT NULL,
	"application_id" uuid,
	"title" text NOT NULL,
	"lang" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "document_issues_person_idx" ON "document_issues" USING btree ("person_id","issued_at");--> statement-breakpoint
CREATE INDEX "document_issues_application_idx" ON "document_issues" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "document_issues_code_idx" ON "document_issues" USING btree ("verification_code");