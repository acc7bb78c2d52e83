-- A visit is found by its day and visitor (web_visits_day_idx); nothing reads its id. The key cost a
-- sequence call and a primary-key entry per visit copied in (ADR 0008). Its sequence goes with it.
ALTER TABLE "web_visits" DROP COLUMN "id";
