/**
 * Buffer cache effectiveness. The overall ratio is the guide's query over pg_statio_user_tables (heap blocks
 * only); the guide calls a ratio above 99 % healthy (lib/monitoring/thresholds.ts).
 */
import 'server-only';
import { queryOne } from './client';

export interface CacheHitRatio {
  heapRead: number;
  heapHit: number;
  /** hit / (hit + read); null before any table block has been read. */
  ratio: number | null;
}

export async function getCacheHitRatio(): Promise<CacheHitRatio> {
  return queryOne<CacheHitRatio>(`
    SELECT
      coalesce(sum(heap_blks_read), 0)::float8 AS "heapRead",
      coalesce(sum(heap_blks_hit), 0)::float8 AS "heapHit",
      (sum(heap_blks_hit) / nullif(sum(heap_blks_hit) + sum(heap_blks_read), 0))::float8 AS "ratio"
    FROM pg_statio_user_tables
  `);
}
