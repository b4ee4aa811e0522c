-- The tables re-counted in rotation (the publishing queue, the cache) are counted in ten-minute slots instead of
-- hours: at ten million rows an hour of the queue is eleven thousand rows in random heap order, 100 to 200 ms of
-- reading in one statement, more than a cycle's whole budget (docs/insights.md). A slice is now keyed by the minute
-- of the day it starts at (-1 still meaning the whole day).
-- The rollups of those two tables are a cache of the source: they are dropped here and counted again by the leader
-- in its next cycles, slot by slot, the days around today first.
DELETE FROM "console"."insight_day" WHERE "hour" <> -1;
TRUNCATE "console"."insight_schedule_day", "console"."insight_cache_day", "console"."insight_cache_top";

ALTER TABLE "console"."insight_day" RENAME COLUMN "hour" TO "minute";
ALTER TABLE "console"."insight_schedule_day" RENAME COLUMN "hour" TO "minute";
ALTER TABLE "console"."insight_cache_day" RENAME COLUMN "hour" TO "minute";
ALTER TABLE "console"."insight_cache_top" RENAME COLUMN "hour" TO "minute";

-- The tail (the rows of the late-arrival window, read last cycle) is checked by a count before it is sealed, and
-- sealed in the store without reading it again when the count still matches: each new row is aggregated once. These
-- say what the stored tail covers - [sealed_through, tail_through) - and how many rows it holds.
ALTER TABLE "console"."insight_source" ADD COLUMN "tail_through" TIMESTAMP(6), ADD COLUMN "tail_rows" BIGINT;
