ALTER TABLE "notification_outbox" ADD COLUMN "transport" text;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD COLUMN "delivery_status" text;