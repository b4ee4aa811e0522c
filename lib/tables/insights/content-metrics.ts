/** Generation performance per channel: p50 / p95 generation time and tokens per day, quality-score distribution. */
import 'server-only';
import { query } from '../../pg/client';

export interface ChannelDay {
  day: string;
  channel: string;
  p50Ms: number | null;
  p95Ms: number | null;
  tokens: number;
  items: number;
}

export async function findGenerationByChannelAndDay(days = 30): Promise<ChannelDay[]> {
  return query<ChannelDay>(
    `
    SELECT
      to_char(date_trunc('day', created_at), 'YYYY-MM-DD') AS "day",
      channel,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY generation_time_ms)::float8 AS "p50Ms",
      percentile_cont(0.95) WITHIN GROUP (ORDER BY generation_time_ms)::float8 AS "p95Ms",
      coalesce(sum(ai_tokens_used), 0)::float8 AS "tokens",
      count(*)::int AS "items"
    FROM content_metrics
    WHERE created_at >= localtimestamp - make_interval(days => $1)
    GROUP BY 1, 2
    ORDER BY 1, 2
  `,
    [days],
  );
}

export interface QualityBucket {
  /** Lower bound of the bucket (0.0, 0.1, … 0.9; 1.0 holds exactly 1.00). */
  from: number;
  count: number;
}

export async function findQualityDistribution(days = 30): Promise<QualityBucket[]> {
  return query<QualityBucket>(
    `
    SELECT
      (least(width_bucket(quality_score, 0, 1, 10), 11) - 1) / 10.0 AS "from",
      count(*)::int AS "count"
    FROM content_metrics
    WHERE quality_score IS NOT NULL
      AND created_at >= localtimestamp - make_interval(days => $1)
    GROUP BY 1
    ORDER BY 1
  `,
    [days],
  );
}
