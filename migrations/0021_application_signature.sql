ALTER TABLE "applications" ADD COLUMN "signature" "bytea";--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "signed_content" "bytea";--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "signer_serial" text;