/** The cache: live versus expired entries, the most used keys, and size per target. */
import 'server-only';
import { query } from '../../pg/client';

export async function findLiveVersusExpired(): Promise<{ state: 'live' | 'expired'; entries: number; bytes: number }[]> {
  return query(`
    SELECT CASE WHEN expires_at > localtimestamp THEN 'live' ELSE 'expired' END AS "state",
           count(*)::int AS "entries", coalesce(sum(size_bytes), 0)::float8 AS "bytes"
    FROM cache_metadata GROUP BY 1 ORDER BY 1 DESC
  `);
}

export async function findTopKeys(limit = 20): Promise<{ cacheKey: string; target: string; hitCount: number; sizeBytes: number | null; expired: boolean }[]> {
  return query(
    `SELECT cache_key AS "cacheKey", target, hit_count AS "hitCount", size_bytes AS "sizeBytes", expires_at <= localtimestamp AS "expired"
     FROM cache_metadata WHERE hit_count IS NOT NULL ORDER BY hit_count DESC, cache_key LIMIT $1`,
    [limit],
  );
}

export async function findSizeByTarget(): Promise<{ target: string; entries: number; bytes: number }[]> {
  return query(`
    SELECT target, count(*)::int AS "entries", coalesce(sum(size_bytes), 0)::float8 AS "bytes"
    FROM cache_metadata GROUP BY 1 ORDER BY 3 DESC, 1
  `);
}
