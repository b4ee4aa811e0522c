/** The cache: live versus expired entries, the most used keys, and size per target. */
import 'server-only';
import { z } from 'zod';
import { query } from '../../pg/client';
import { bool, float, int, text } from '../../pg/rows';

const liveVersusExpiredRow = z.object({ state: z.enum(['live', 'expired']), entries: int, bytes: float });

export async function getLiveVersusExpired(): Promise<z.output<typeof liveVersusExpiredRow>[]> {
  return query(
    liveVersusExpiredRow,
    `
    SELECT CASE WHEN expires_at > localtimestamp THEN 'live' ELSE 'expired' END AS "state",
           count(*) AS "entries", coalesce(sum(size_bytes), 0) AS "bytes"
    FROM cache_metadata GROUP BY 1 ORDER BY 1 DESC
  `,
  );
}

const topKeyRow = z.object({ cacheKey: text, target: text, hitCount: int, sizeBytes: int.nullable(), expired: bool });

export async function findTopKeys(limit = 20): Promise<z.output<typeof topKeyRow>[]> {
  return query(
    topKeyRow,
    `SELECT cache_key AS "cacheKey", target, hit_count AS "hitCount", size_bytes AS "sizeBytes", expires_at <= localtimestamp AS "expired"
     FROM cache_metadata WHERE hit_count IS NOT NULL ORDER BY hit_count DESC, cache_key LIMIT $1`,
    [limit],
  );
}

const sizeByTargetRow = z.object({ target: text, entries: int, bytes: float });

export async function getSizeByTarget(): Promise<z.output<typeof sizeByTargetRow>[]> {
  return query(
    sizeByTargetRow,
    `
    SELECT target, count(*) AS "entries", coalesce(sum(size_bytes), 0) AS "bytes"
    FROM cache_metadata GROUP BY 1 ORDER BY 3 DESC, 1
  `,
  );
}
