CREATE TABLE "pki_authorities" (
	"role" text PRIMARY KEY NOT NULL,
	"cert_pem" text NOT NULL,
	"encrypted_key_pem" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pki_certificates" (
	"serial" text PRIMARY KEY NOT NULL,
	"subject_type" text NOT NULL,
	"holder_person_id" text NOT NULL,
	"organisation_id" text,
	"subject" text NOT NULL,
	"cert_pem" text NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	"not_after" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revocation_reason" integer,
	"encrypted_key_pem" text
);
--> statement-breakpoint
CREATE TABLE "pki_crls" (
	"number" bigint PRIMARY KEY NOT NULL,
	"this_update" timestamp with time zone NOT NULL,
	"next_update" timestamp with time zone NOT NULL,
	"der_base64" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pki_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"person_id" text NOT NULL,
	"subject_type" text NOT NULL,
	"organisation_id" text,
	"organisation_unit" text,
	"csr_pem" text NOT NULL,
	"status" text NOT NULL,
	"certificate_serial" text,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "pki_certificates_holder_idx" ON "pki_certificates" USING btree ("holder_person_id");--> statement-breakpoint
CREATE INDEX "pki_requests_status_idx" ON "pki_requests" USING btree ("status");--> statement-breakpoint
CREATE INDEX "pki_requests_person_idx" ON "pki_requests" USING btree ("person_id");