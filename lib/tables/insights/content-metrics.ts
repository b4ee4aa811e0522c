/** Generation performance per channel: p50 / p95 generation time and tokens per day, quality-score distribution. */
import 'server-only';
import { z } from 'zod';
import { query } from '../../pg/client';
import { float, int, text } from '../../pg/rows';

const channelDayRow = z.object({
  day: text,
  channel: text,
  p50Ms: float.nullable(),
  p95Ms: float.nullable(),
  tokens: float,
  items: int,
});
export type ChannelDay = z.output<typeof channelDayRow>;

export async function getGenerationByChannelAndDay(days = 30): Promise<ChannelDay[]> {
  return query(
    channelDayRow,
    `
    SELECT
      to_char(date_trunc('day', created_at), 'YYYY-MM-DD') AS "day",
      channel,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY generation_time_ms) AS "p50Ms",
      percentile_cont(0.95) WITHIN GROUP (ORDER BY generation_time_ms) AS "p95Ms",
      coalesce(sum(ai_tokens_used), 0) AS "tokens",
      count(*) AS "items"
    FROM content_metrics
    WHERE created_at >= localtimestamp - make_interval(days => $1)
    GROUP BY 1, 2
    ORDER BY 1, 2
  `,
    [days],
  );
}

const qualityBucketRow = z.object({
  /** Lower bound of the bucket (0.0, 0.1, … 0.9; 1.0 holds exactly 1.00). A numeric: pg sends it as text. */
  from: float,
  count: int,
});
export type QualityBucket = z.output<typeof qualityBucketRow>;

export async function getQualityDistribution(days = 30): Promise<QualityBucket[]> {
  return query(
    qualityBucketRow,
    `
    SELECT
      (least(width_bucket(quality_score, 0, 1, 10), 11) - 1) / 10.0 AS "from",
      count(*) AS "count"
    FROM content_metrics
    WHERE quality_score IS NOT NULL
      AND created_at >= localtimestamp - make_interval(days => $1)
    GROUP BY 1
    ORDER BY 1
  `,
    [days],
  );
}
