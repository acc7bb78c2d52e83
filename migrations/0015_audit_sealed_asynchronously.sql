ALTER TABLE "audit_log" ALTER COLUMN "prev_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "seq" bigint;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_seq_idx" ON "audit_log" USING btree ("seq");--> statement-breakpoint
-- Rows written before this change were chained in id order under a lock: that order is their place.
UPDATE "audit_log" SET "seq" = "n"."rn"
  FROM (SELECT "id", row_number() OVER (ORDER BY "id") AS "rn" FROM "audit_log") AS "n"
  WHERE "audit_log"."id" = "n"."id";
