/**
 * Reads what of a window the statement history collected (console.statement_interval) for its charts: the holes
 * between stored intervals and the buckets in which pg_stat_statements evicted entries. ./window-coverage.ts turns it
 * into gaps. Two index ranges of the (target, sampled_at) key; the holes are found in SQL, so a 90-day window
 * returns a handful of rows, not the ~130,000 intervals it covers.
 */
import 'server-only';
import { z } from 'zod';
import { getPrisma } from '../../db';
import { getEnv } from '../../env';
import { float, parseRows, text } from '../../pg/rows';
import type { TimeWindow } from '../window';
import { maxGapSeconds } from './deltas';
import { SLIVER_MS, toWindowCoverage, type Span, type WindowCoverage } from './window-coverage';

const spanRow = z.object({ kind: text, from: float, to: float });
const evictionRow = z.object({ bucket: float, evicted: float, entries: float });

/** Each interval as (start, stop]: the one that ended last before the window, those ending in it, the next one after. */
const SPANS = `
  spans AS (
    (SELECT sampled_at - seconds * interval '1 second' AS start, sampled_at AS stop
     FROM console.statement_interval WHERE target = $1 AND sampled_at <= $2 ORDER BY sampled_at DESC LIMIT 1)
    UNION ALL
    SELECT sampled_at - seconds * interval '1 second', sampled_at
    FROM console.statement_interval WHERE target = $1 AND sampled_at > $2 AND sampled_at <= $3
    UNION ALL
    (SELECT sampled_at - seconds * interval '1 second', sampled_at
     FROM console.statement_interval WHERE target = $1 AND sampled_at > $3 ORDER BY sampled_at LIMIT 1)
  )`;

/**
 * The window's coverage, bucketed as its charts are (`bucketSeconds`; an interval belongs to the bucket it ended in).
 * The newest stretch counts as pending, not as a gap, while the next interval may still come
 * (STATEMENT_SAMPLE_SECONDS, as the collector judges a gap).
 */
export async function loadCoverage(
  target: string,
  window: TimeWindow,
  bucketSeconds: number,
  now = new Date(),
): Promise<WindowCoverage> {
  const prisma = getPrisma();
  const [spans, evictions] = await Promise.all([
    prisma.$queryRawUnsafe(
      `WITH ${SPANS},
       ordered AS (
         SELECT start, stop,
           max(stop) OVER (ORDER BY stop ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS covered_until
         FROM spans
       )
       SELECT 'hole' AS "kind", (extract(epoch FROM covered_until) * 1000)::float8 AS "from",
         (extract(epoch FROM start) * 1000)::float8 AS "to"
       FROM ordered
       WHERE start > covered_until + $4::float8 * interval '1 millisecond'
       UNION ALL
       SELECT 'extent', (extract(epoch FROM min(start)) * 1000)::float8, (extract(epoch FROM max(stop)) * 1000)::float8
       FROM spans
       HAVING count(*) > 0`,
      target,
      window.from,
      window.to,
      SLIVER_MS,
    ),
    prisma.$queryRawUnsafe(
      `SELECT floor((extract(epoch FROM sampled_at) - 1) / $4)::float8 AS "bucket", sum(evicted)::float8 AS "evicted",
         max(entries)::float8 AS "entries"
       FROM console.statement_interval
       WHERE target = $1 AND sampled_at > $2 AND sampled_at <= $3 AND evicted > 0
       GROUP BY 1
       ORDER BY 1`,
      target,
      window.from,
      window.to,
      bucketSeconds,
    ),
  ]);
  const rows = parseRows(spanRow, spans);
  const extent = rows.find((row) => row.kind === 'extent');
  const holes: Span[] = rows.filter((row) => row.kind === 'hole').map(({ from, to }) => ({ from, to }));
  return toWindowCoverage(
    {
      holes,
      first: extent?.from ?? null,
      last: extent?.to ?? null,
      evictions: parseRows(evictionRow, evictions).map((row) => ({
        from: row.bucket * bucketSeconds * 1000,
        to: (row.bucket + 1) * bucketSeconds * 1000,
        evicted: row.evicted,
        entries: row.entries,
      })),
    },
    { from: window.from.getTime(), to: window.to.getTime() },
    now.getTime(),
    maxGapSeconds(getEnv().STATEMENT_SAMPLE_SECONDS) * 1000,
  );
}
