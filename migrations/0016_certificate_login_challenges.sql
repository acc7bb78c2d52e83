CREATE TABLE "identity_certificate_challenges" (
	"nonce_hash" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "identity_certificate_challenges_expiry_idx" ON "identity_certificate_challenges" USING btree ("expires_at");