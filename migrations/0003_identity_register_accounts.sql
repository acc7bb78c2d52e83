CREATE TABLE "identity_accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"person_id" text NOT NULL,
	"passcode_hash" text NOT NULL,
	"passcode_set_at" timestamp with time zone NOT NULL,
	"failed_count" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"totp_secret" text,
	"totp_confirmed_at" timestamp with time zone,
	"totp_last_step" integer,
	"notify_by_email" boolean DEFAULT true NOT NULL,
	"notify_by_sms" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity_activation_codes" (
	"id" text PRIMARY KEY NOT NULL,
	"person_id" text NOT NULL,
	"channel" text NOT NULL,
	"code_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"issued_by" text
);
--> statement-breakpoint
CREATE TABLE "identity_login_challenges" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next" text
);
--> statement-breakpoint
CREATE TABLE "identity_role_grants" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"role" text NOT NULL,
	"agency_code" text,
	"granted_by" text,
	"granted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"account_id" text NOT NULL,
	"level" text NOT NULL,
	"second_factor" boolean DEFAULT false NOT NULL,
	"acting_for_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"device" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity_sms_outbox" (
	"id" text PRIMARY KEY NOT NULL,
	"phone" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "register_organisations" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"tax_number" text NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "register_people" (
	"id" text PRIMARY KEY NOT NULL,
	"fin" text NOT NULL,
	"card_number" text NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"patronymic" text,
	"birth_date" date NOT NULL,
	"phone" text,
	"email" text,
	"card_valid_until" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "register_representatives" (
	"organisation_id" text NOT NULL,
	"person_id" text NOT NULL,
	"capacity" text NOT NULL,
	CONSTRAINT "register_representatives_organisation_id_person_id_pk" PRIMARY KEY("organisation_id","person_id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "identity_accounts_person_idx" ON "identity_accounts" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "identity_activation_codes_person_idx" ON "identity_activation_codes" USING btree ("person_id","created_at");--> statement-breakpoint
CREATE INDEX "identity_login_challenges_account_idx" ON "identity_login_challenges" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "identity_role_grants_account_idx" ON "identity_role_grants" USING btree ("account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "identity_sessions_token_idx" ON "identity_sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "identity_sessions_account_idx" ON "identity_sessions" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "identity_sms_outbox_pending_idx" ON "identity_sms_outbox" USING btree ("sent_at","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "register_organisations_tax_idx" ON "register_organisations" USING btree ("tax_number");--> statement-breakpoint
CREATE UNIQUE INDEX "register_people_fin_idx" ON "register_people" USING btree ("fin");--> statement-breakpoint
CREATE UNIQUE INDEX "register_people_card_idx" ON "register_people" USING btree ("card_number");--> statement-breakpoint
CREATE INDEX "register_representatives_person_idx" ON "register_representatives" USING btree ("person_id");