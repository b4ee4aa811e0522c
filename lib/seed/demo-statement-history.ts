// Not 'server-only': scripts/ loads it too (start.ts seeds the demo under tsx, outside Next.js, where that import throws).
/**
 * The embedded demo's statement history, generated so a new user sees the Queries page's charts on the first start
 * rather than an empty window until the collector has run for hours (issue 16). Pure: the statements the demo's
 * application would run against the six tables, each with a plausible queryid, a daily rhythm (or an hourly or
 * nightly job's), and one that got slower in the last hours, so "what changed" has something to show. Written by
 * ./seed-demo-statement-history.ts.
 */
import { createHash } from 'node:crypto';
import { sumFigures, type StatementFigures } from '../workload/statements/figures';
import { createRandom } from './random';

/** When in the day a statement runs: the application's traffic, all day alike, a job at each hour's start or at night. */
export type DemoRhythm = 'daily' | 'steady' | 'hourly' | 'nightly';

export interface DemoStatement {
  /** Normalised as pg_stat_statements stores it: constants as $n. */
  query: string;
  /** Calls a minute at the busiest time of the day (at the start of the hour for an hourly job). */
  callsPerMinute: number;
  meanMs: number;
  rowsPerCall: number;
  /** Shared blocks a call touches, and the share of them read from disk. */
  blocksPerCall: number;
  readShare: number;
  /** A write's blocks dirtied and WAL bytes per call. */
  dirtiedPerCall?: number;
  walBytesPerCall?: number;
  /** Temporary blocks written and read back per call (a sort or hash that spills). */
  tempBlksPerCall?: number;
  rhythm: DemoRhythm;
}

/** The statement that got slower (a plan that flipped to a sequential scan), and since how many hours before now. */
export const DEMO_SLOWER = { query: 0, factor: 3.5, hours: 3 } as const;

const daily = (callsPerMinute: number, meanMs: number, rowsPerCall: number, blocksPerCall: number) => ({
  callsPerMinute,
  meanMs,
  rowsPerCall,
  blocksPerCall,
  readShare: 0.02,
  rhythm: 'daily' as const,
});

export const DEMO_STATEMENTS: readonly DemoStatement[] = [
  // DEMO_SLOWER.query: the dashboard's best-content list.
  {
    ...daily(6, 4.2, 20, 60),
    query:
      'SELECT content_id, channel, quality_score, generation_time_ms FROM content_metrics WHERE channel = $1 AND created_at >= $2 ORDER BY quality_score DESC LIMIT $3',
  },
  { ...daily(40, 0.08, 1, 4), query: 'SELECT * FROM cache_metadata WHERE cache_key = $1' },
  {
    ...daily(22, 0.12, 0, 5),
    dirtiedPerCall: 1,
    walBytesPerCall: 190,
    query: 'UPDATE cache_metadata SET hit_count = hit_count + $1, last_accessed = $2 WHERE cache_key = $3',
  },
  {
    ...daily(9, 0.2, 1, 6),
    dirtiedPerCall: 2,
    walBytesPerCall: 420,
    query:
      'INSERT INTO cache_metadata (cache_key, target, created_at, expires_at, size_bytes, hit_count) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (cache_key) DO UPDATE SET expires_at = excluded.expires_at, size_bytes = excluded.size_bytes',
  },
  {
    ...daily(30, 0.15, 1, 3),
    dirtiedPerCall: 1,
    walBytesPerCall: 260,
    query:
      'INSERT INTO content_audit (content_id, operation, user_id, "timestamp", metadata) VALUES ($1, $2, $3, $4, $5)',
  },
  {
    ...daily(12, 0.9, 25, 30),
    query:
      'SELECT id, operation, user_id, "timestamp", metadata FROM content_audit WHERE content_id = $1 ORDER BY "timestamp" DESC LIMIT $2',
  },
  {
    ...daily(2, 38, 9, 2_400),
    query:
      'SELECT operation, count(*) FROM content_audit WHERE "timestamp" >= $1 AND "timestamp" < $2 GROUP BY operation ORDER BY count(*) DESC',
  },
  {
    ...daily(1.5, 12, 1, 800),
    query: 'SELECT count(*) FROM content_audit WHERE user_id = $1 AND "timestamp" >= $2',
  },
  {
    ...daily(18, 0.18, 1, 3),
    dirtiedPerCall: 1,
    walBytesPerCall: 310,
    query:
      'INSERT INTO content_metrics (content_id, channel, generation_time_ms, ai_tokens_used, quality_score, created_at, metadata) VALUES ($1, $2, $3, $4, $5, $6, $7)',
  },
  {
    ...daily(3, 26, 6, 1_900),
    query:
      'SELECT channel, avg(generation_time_ms), percentile_cont($1) WITHIN GROUP (ORDER BY generation_time_ms) FROM content_metrics WHERE created_at >= $2 GROUP BY channel',
  },
  {
    ...daily(2, 31, 180, 2_100),
    query:
      'SELECT date_trunc($1, created_at) AS day, channel, sum(ai_tokens_used) FROM content_metrics WHERE created_at >= $2 GROUP BY 1, 2 ORDER BY 1',
  },
  {
    ...daily(8, 1.4, 50, 40),
    query:
      'SELECT content_id, channel, generation_time_ms, ai_tokens_used, quality_score, created_at FROM content_metrics WHERE content_id = ANY($1)',
  },
  {
    ...daily(4, 0.7, 12, 20),
    query:
      'SELECT content_id, quality_score FROM content_metrics WHERE channel = $1 AND quality_score < $2 ORDER BY created_at DESC LIMIT $3',
  },
  {
    ...daily(25, 0.14, 1, 3),
    dirtiedPerCall: 1,
    walBytesPerCall: 280,
    query:
      'INSERT INTO ab_test_results (test_id, variant_id, metric_name, metric_value, "timestamp", metadata) VALUES ($1, $2, $3, $4, $5, $6)',
  },
  {
    ...daily(3, 18, 4, 1_100),
    query:
      'SELECT variant_id, count(*), avg(metric_value), stddev_samp(metric_value) FROM ab_test_results WHERE test_id = $1 AND metric_name = $2 GROUP BY variant_id',
  },
  {
    ...daily(1, 44, 40, 2_600),
    tempBlksPerCall: 64,
    query:
      'SELECT test_id, metric_name, variant_id, percentile_cont($1) WITHIN GROUP (ORDER BY metric_value) FROM ab_test_results WHERE "timestamp" >= $2 GROUP BY test_id, metric_name, variant_id',
  },
  {
    ...daily(5, 0.6, 8, 12),
    query: 'SELECT DISTINCT test_id FROM ab_test_results WHERE "timestamp" >= $1 ORDER BY test_id LIMIT $2',
  },
  {
    ...daily(14, 0.35, 10, 8),
    query:
      'SELECT id, content_id, channel, scheduled_time FROM scheduled_content WHERE status = $1 AND scheduled_time <= $2 ORDER BY scheduled_time LIMIT $3 FOR UPDATE SKIP LOCKED',
  },
  {
    ...daily(10, 0.22, 1, 4),
    dirtiedPerCall: 2,
    walBytesPerCall: 350,
    query: 'UPDATE scheduled_content SET status = $1, published_at = $2 WHERE id = $3',
  },
  {
    ...daily(1.2, 0.25, 1, 4),
    dirtiedPerCall: 2,
    walBytesPerCall: 380,
    query: 'UPDATE scheduled_content SET status = $1, retry_count = retry_count + $2, error_message = $3 WHERE id = $4',
  },
  {
    ...daily(6, 0.2, 1, 3),
    dirtiedPerCall: 1,
    walBytesPerCall: 300,
    query:
      'INSERT INTO scheduled_content (content_id, channel, scheduled_time, status, created_at) VALUES ($1, $2, $3, $4, $5)',
  },
  {
    ...daily(2, 9, 5, 700),
    query: 'SELECT status, count(*) FROM scheduled_content GROUP BY status',
  },
  {
    ...daily(1.5, 3.1, 60, 90),
    query:
      'SELECT date_trunc($1, scheduled_time) AS day, count(*) FROM scheduled_content WHERE scheduled_time >= $2 AND scheduled_time < $3 GROUP BY 1 ORDER BY 1',
  },
  {
    ...daily(4, 0.3, 8, 6),
    query: 'SELECT segment_id, segment_name, criteria FROM user_segments WHERE active = $1 ORDER BY segment_name',
  },
  { ...daily(3, 0.09, 1, 3), query: 'SELECT * FROM user_segments WHERE segment_id = $1' },
  {
    ...daily(0.3, 0.3, 1, 4),
    dirtiedPerCall: 2,
    walBytesPerCall: 520,
    query: 'UPDATE user_segments SET criteria = $1, updated_at = $2 WHERE segment_id = $3',
  },
  {
    ...daily(2.5, 1.1, 30, 45),
    query:
      'SELECT a.content_id, a.operation, a."timestamp", m.channel, m.quality_score FROM content_audit a JOIN content_metrics m ON m.content_id = a.content_id WHERE a."timestamp" >= $1 ORDER BY a."timestamp" DESC LIMIT $2',
  },
  {
    ...daily(2, 0.5, 3, 10),
    query:
      'SELECT s.content_id, s.status, s.error_message FROM scheduled_content s WHERE s.status = $1 AND s.retry_count >= $2 ORDER BY s.scheduled_time DESC LIMIT $3',
  },
  {
    ...daily(20, 0.03, 1, 0),
    readShare: 0,
    rhythm: 'steady',
    query: 'SELECT $1',
  },
  {
    ...daily(5, 0.01, 0, 0),
    readShare: 0,
    rhythm: 'steady',
    query: 'BEGIN',
  },
  {
    ...daily(5, 0.02, 0, 0),
    readShare: 0,
    rhythm: 'steady',
    query: 'COMMIT',
  },
  {
    ...daily(1, 0.4, 1, 30),
    readShare: 0,
    rhythm: 'steady',
    query: 'SELECT count(*) FROM cache_metadata WHERE expires_at < $1',
  },
  // Hourly jobs, at each hour's start.
  {
    ...daily(4, 240, 1_000, 8_000),
    dirtiedPerCall: 1_000,
    walBytesPerCall: 150_000,
    rhythm: 'hourly',
    query: 'DELETE FROM cache_metadata WHERE expires_at < $1',
  },
  {
    ...daily(2, 1_100, 2_000, 45_000),
    rhythm: 'hourly',
    readShare: 0.2,
    query:
      'SELECT content_id, sum(ai_tokens_used), avg(quality_score) FROM content_metrics WHERE created_at >= $1 AND created_at < $2 GROUP BY content_id',
  },
  {
    ...daily(1, 60, 40, 900),
    dirtiedPerCall: 40,
    walBytesPerCall: 9_000,
    rhythm: 'hourly',
    query: 'UPDATE scheduled_content SET status = $1 WHERE status = $2 AND scheduled_time < $3',
  },
  // Nightly, for half an hour from 02:00 UTC: the report run and the audit trail's clean-up, in batches.
  {
    ...daily(6, 850, 50_000, 60_000),
    readShare: 0.45,
    tempBlksPerCall: 2_400,
    rhythm: 'nightly',
    query:
      'SELECT m.channel, date_trunc($1, m.created_at) AS day, count(*), avg(m.quality_score), sum(m.ai_tokens_used) FROM content_metrics m JOIN content_audit a ON a.content_id = m.content_id WHERE m.created_at >= $2 GROUP BY 1, 2',
  },
  {
    ...daily(4, 420, 12_000, 22_000),
    readShare: 0.35,
    dirtiedPerCall: 9_000,
    walBytesPerCall: 4_000_000,
    rhythm: 'nightly',
    query: 'DELETE FROM content_audit WHERE "timestamp" < $1',
  },
  {
    ...daily(2, 260, 0, 30_000),
    readShare: 0.4,
    rhythm: 'nightly',
    query: 'SELECT test_id, variant_id, metric_name, metric_value FROM ab_test_results WHERE "timestamp" < $1',
  },
];

/** A plausible queryid (signed 64-bit, as pg_stat_statements shows it), the same for a text on every start. */
export function demoQueryId(query: string): string {
  return BigInt.asIntN(64, createHash('md5').update(query).digest().readBigUInt64BE(0)).toString();
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** As lib/workload/statements/store.ts rolls up: an hour is complete this long after it ends. */
const ROLLUP_GRACE_MS = 2 * MINUTE_MS;

/** How busy a statement is at `at` (0..1), by its rhythm; null when it does not run then. */
export function rhythmFactor(rhythm: DemoRhythm, at: Date): number {
  const hour = at.getUTCHours() + at.getUTCMinutes() / 60;
  switch (rhythm) {
    case 'steady':
      return 1;
    case 'daily':
      // Quietest at 03:00 UTC, busiest at 15:00.
      return 0.15 + 0.85 * (0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - 3)) / 24));
    case 'hourly':
      return at.getUTCMinutes() === 1 ? 1 : 0;
    case 'nightly':
      return hour >= 2 && hour < 2.5 ? 1 : 0;
  }
}

export interface DemoMinuteRow extends StatementFigures {
  /** The end of the interval (statement_minute.sampled_at). */
  sampledAt: Date;
  queryId: string;
}

export interface DemoHourRow extends StatementFigures {
  hour: Date;
  queryId: string;
}

export interface DemoStatementHistory {
  texts: { queryId: string; query: string }[];
  /** Every interval's end, one a minute, oldest first. */
  intervals: Date[];
  minutes: DemoMinuteRow[];
  /** The minutes summed per hour they end in (hour < sampledAt ≤ hour + 1 h), for the hours complete by `now`. */
  hours: DemoHourRow[];
  /** Where the collector's rollups continue: the end of the last complete hour. */
  rolledThrough: Date;
}

/** `days` days of one-minute intervals ending at the minute of `now`. Reproducible from `seed`. */
export function generateDemoStatementHistory({
  now,
  days = 3,
  seed = 16,
}: {
  now: Date;
  days?: number;
  seed?: number;
}): DemoStatementHistory {
  const random = createRandom(seed);
  const last = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
  const count = days * 24 * 60;
  const slowerFrom = last - DEMO_SLOWER.hours * HOUR_MS;
  const queryIds = DEMO_STATEMENTS.map((statement) => demoQueryId(statement.query));
  const intervals: Date[] = [];
  const minutes: DemoMinuteRow[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const sampledAt = new Date(last - i * MINUTE_MS);
    intervals.push(sampledAt);
    DEMO_STATEMENTS.forEach((statement, index) => {
      const busy = rhythmFactor(statement.rhythm, sampledAt);
      // Rounded at random, so a statement that runs once every few minutes does run.
      const calls = Math.floor(statement.callsPerMinute * busy * (0.75 + 0.5 * random.next()) + random.next());
      if (calls === 0) return;
      const slower = index === DEMO_SLOWER.query && sampledAt.getTime() > slowerFrom;
      const meanMs = random.logNormal(statement.meanMs, 0.15) * (slower ? DEMO_SLOWER.factor : 1);
      const blocks = Math.round(calls * statement.blocksPerCall * (slower ? 8 : 1));
      const read = Math.round(blocks * statement.readShare * (slower ? 3 : 1));
      const temp = Math.round(calls * (statement.tempBlksPerCall ?? 0));
      minutes.push({
        sampledAt,
        queryId: queryIds[index],
        calls,
        totalMs: calls * meanMs,
        rows: Math.round(calls * statement.rowsPerCall),
        sharedBlksHit: blocks - read,
        sharedBlksRead: read,
        sharedBlksDirtied: Math.round(calls * (statement.dirtiedPerCall ?? 0)),
        sharedBlksWritten: Math.round(calls * (statement.dirtiedPerCall ?? 0) * 0.1),
        tempBlksRead: temp,
        tempBlksWritten: temp,
        blkIoMs: read * 0.08,
        walBytes: Math.round(calls * (statement.walBytesPerCall ?? 0)),
      });
    });
  }
  const rolledThrough = Math.floor((now.getTime() - ROLLUP_GRACE_MS) / HOUR_MS) * HOUR_MS;
  const byHour = new Map<string, DemoMinuteRow[]>();
  for (const row of minutes) {
    const hour = Math.ceil(row.sampledAt.getTime() / HOUR_MS) * HOUR_MS - HOUR_MS;
    if (hour + HOUR_MS > rolledThrough) continue;
    const key = `${hour}/${row.queryId}`;
    (byHour.get(key) ?? byHour.set(key, []).get(key)!).push(row);
  }
  const hours = [...byHour.values()].map((rows) => ({
    hour: new Date(Math.ceil(rows[0].sampledAt.getTime() / HOUR_MS) * HOUR_MS - HOUR_MS),
    queryId: rows[0].queryId,
    ...sumFigures(rows),
  }));
  return {
    texts: DEMO_STATEMENTS.map((statement, index) => ({ queryId: queryIds[index], query: statement.query })),
    intervals,
    minutes,
    hours,
    rolledThrough: new Date(rolledThrough),
  };
}
