/**
 * Buffer cache effectiveness. The overall ratio is the guide's query over pg_statio_user_tables (heap blocks
 * only); the guide calls a ratio above 99 % healthy (lib/monitoring/thresholds.ts). Per table and per index as in
 * PgHero's cache_hit_rate reports.
 */
import 'server-only';
import { z } from 'zod';
import { query, queryOne } from './client';
import { float, text } from './rows';

const cacheHitRatioRow = z.object({
  heapRead: float,
  heapHit: float,
  /** hit / (hit + read); null before any table block has been read. */
  ratio: float.nullable(),
});
export type CacheHitRatio = z.output<typeof cacheHitRatioRow>;

export async function getCacheHitRatio(): Promise<CacheHitRatio> {
  return queryOne(
    cacheHitRatioRow,
    `
    SELECT
      coalesce(sum(heap_blks_read), 0) AS "heapRead",
      coalesce(sum(heap_blks_hit), 0) AS "heapHit",
      sum(heap_blks_hit) / nullif(sum(heap_blks_hit) + sum(heap_blks_read), 0) AS "ratio"
    FROM pg_statio_user_tables
  `,
  );
}

const relationCacheHitRow = z.object({
  schema: text,
  relation: text,
  table: text,
  blocksRead: float,
  blocksHit: float,
  ratio: float.nullable(),
});
export type RelationCacheHit = z.output<typeof relationCacheHitRow>;

export async function listTableCacheHitRatios(limit = 200): Promise<RelationCacheHit[]> {
  return query(
    relationCacheHitRow,
    `
    SELECT
      schemaname AS "schema",
      relname AS "relation",
      relname AS "table",
      heap_blks_read AS "blocksRead",
      heap_blks_hit AS "blocksHit",
      heap_blks_hit::float8 / nullif(heap_blks_hit + heap_blks_read, 0) AS "ratio"
    FROM pg_statio_user_tables
    ORDER BY heap_blks_read + heap_blks_hit DESC, 1, 2
    LIMIT $1
  `,
    [limit],
  );
}

export async function listIndexCacheHitRatios(limit = 200): Promise<RelationCacheHit[]> {
  return query(
    relationCacheHitRow,
    `
    SELECT
      schemaname AS "schema",
      indexrelname AS "relation",
      relname AS "table",
      idx_blks_read AS "blocksRead",
      idx_blks_hit AS "blocksHit",
      idx_blks_hit::float8 / nullif(idx_blks_hit + idx_blks_read, 0) AS "ratio"
    FROM pg_statio_user_indexes
    ORDER BY idx_blks_read + idx_blks_hit DESC, 1, 2
    LIMIT $1
  `,
    [limit],
  );
}
