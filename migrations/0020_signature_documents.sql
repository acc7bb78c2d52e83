CREATE TABLE "signature_documents" (
	"id" text PRIMARY KEY NOT NULL,
	"verification_code" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"content_type" text NOT NULL,
	"content" "bytea" NOT NULL,
	"signature" "bytea",
	"issued_at" timestamp with time zone NOT NULL,
	"account_id" text,
	"organisation_id" text,
	"application_id" text,
	CONSTRAINT "signature_documents_verification_code_unique" UNIQUE("verification_code")
);
--> statement-breakpoint
CREATE INDEX "signature_documents_application_idx" ON "signature_documents" USING btree ("application_id");