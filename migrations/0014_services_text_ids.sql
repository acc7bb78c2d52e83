ALTER TABLE "applications" ALTER COLUMN "person_id" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "applications" ALTER COLUMN "account_id" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "applications" ALTER COLUMN "assigned_to" SET DATA TYPE text;