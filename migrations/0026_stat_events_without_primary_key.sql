-- stat_events loses its primary key (id, at): ids come from one sequence and are never updated, so the
-- btree only cost every insert a third index write (measured: an import batch took half the time
-- without it). The rollup reads ranges of ids; within each monthly partition rows are appended in id
-- order, so a BRIN index (a few pages) finds them. Block ranges are summarised as they fill
-- (autosummarize) and by the rollup before it reads (an unsummarised range matches every query). The
-- rollup's high water is the sequence's last value under a SHARE lock (rollup.ts), no max(id) lookup.
-- Details: docs/statistics.md, ADR 0004.
ALTER TABLE "stat_events" DROP CONSTRAINT "stat_events_pkey";
--> statement-breakpoint
CREATE INDEX "stat_events_id_brin" ON "stat_events" USING brin ("id") WITH (autosummarize = on);
