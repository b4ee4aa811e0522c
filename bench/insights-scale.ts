/**
 * The insights pages at production scale (issue 15), each figure beside its baseline measured in the same run:
 *  1. seeding: N rows in each of content_audit, content_metrics, ab_test_results, scheduled_content and
 *     cache_metadata (user_segments 3 % of N), shaped like lib/seed/demo-tables.ts, then VACUUM ANALYZE;
 *  2. the rollups' first build: cycles back to back with the default budgets and statement timeout until every
 *     table is 'current' — rows, wall time, time on the watched database and rows/s per table;
 *  3. every insights page's server-side load with the console's cache cleared (target ≤ 300 ms), beside the old
 *     full-scan SQL of that page on the same rows (tests/support/insights-full-scan.ts);
 *  4. the upkeep's cost per cycle while 1,000 rows/s arrive (target ≤ 50 ms), beside one full-scan refresh of the
 *     content_audit figure — what the same freshness costs without rollups.
 * One file of four parts rather than four benches: they share one seeded server, and seeding is most of the time.
 * Usage: npx tsx --conditions=react-server bench/insights-scale.ts [rows]   (about 15 minutes at 10 M rows, 7 of them seeding)
 */
import { statfs } from 'node:fs/promises';
import os from 'node:os';
import pg from 'pg';
import { CHANNELS, SCHEDULE_STATUSES } from '../lib/seed/demo-tables';
import type { TableName } from '../lib/tables/registry';
import type { RollupSource } from '../lib/tables/insights/rollups/definitions';
import type { CycleReport } from '../lib/tables/insights/rollups/run-insights-cycle';
import { FULL_SCAN, type Days } from '../tests/support/insights-full-scan';
import { ms, percentile, withBenchPostgres, withClient } from './support';

/** Bytes on disk per seeded row, tables and indexes, measured on a 200,000-row run (pg_database_size / rows: 193 MB). */
const BYTES_PER_ROW = 200;
const requested = Number(process.argv[2] ?? 10_000_000);
const free = await statfs(os.tmpdir()).then((stats) => stats.bavail * stats.bsize);
/** Five tables of N rows, their WAL while seeding (max_wal_size below) and a margin. */
const rows = Math.min(requested, Math.floor((free * 0.8 - 4e9) / (5 * BYTES_PER_ROW) / 1e5) * 1e5);
const segmentRows = Math.max(1, Math.round(rows * 0.03));
const CHUNK = 1_000_000;
const COLD_RUNS = 7;
const BASELINE_RUNS = 3;
const UPKEEP_CYCLES = 24;
const ROWS_PER_SECOND = 1_000;
const BATCH_MS = 100;

const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`;
const count = (value: number) => Math.round(value).toLocaleString('en');
const sleep = (delay: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, delay)));
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

// ——— 1. Seeding: generated inside PostgreSQL, in chunks of CHUNK rows ($1..$2 of the series, $3 the seed's now) ———

const list = (values: readonly string[]) => `ARRAY[${values.map((value) => `'${value.replaceAll("'", "''")}'`)}]`;
const pick = (values: readonly string[], u: string) => `(${list(values)})[1 + floor(${u} * ${values.length})::int]`;
/** A standard normal from two uniforms (Box–Muller, as lib/seed/random.ts). */
const normal = (u: string, v: string) => `(sqrt(-2 * ln(1 - ${u})) * cos(2 * pi() * ${v}))`;
const uniforms = (n: number) =>
  `g, ${Array.from({ length: n }, (_, i) => `random() AS u${i + 1}`).join(', ')} FROM generate_series($1::bigint, $2::bigint) AS g`;
/**
 * Append-only tables get their rows in time order, as production appends them (the heap follows the time index);
 * row g of `total` falls at its share of the last `days` days.
 */
const along = (days: number, total: number) =>
  `$3::timestamp - interval '${days} days' + make_interval(secs => (g + u1) * ${days * 86_400} / ${total}.0)`;
const contentId = (u: string) =>
  `'cnt-' || lpad(to_hex(1 + floor(${u} * ${Math.max(1, Math.floor(rows / 20))})::int), 6, '0')`;
const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet', 'llama-3-70b'];
const OPERATIONS = ['generate', 'edit', 'review', 'approve', 'reject', 'publish', 'schedule', 'archive', 'delete'];
const CACHE_TARGETS = ['llm_response', 'template', 'render', 'embedding', 'image', 'api'];
const AB_METRICS = [
  ['click_through_rate', 0.045, 0.012],
  ['conversion_rate', 0.021, 0.007],
  ['open_rate', 0.31, 0.06],
  ['engagement_seconds', 94, 28],
] as const;
const TEST_COUNT = 100;
const FAILURES = [
  'SMTP 421 4.7.0 Try again later, closing connection',
  "Template rendering failed: variable 'first_name' is undefined",
  'Timed out after 30 s waiting for the CDN to accept the upload',
];

interface Seed {
  table: TableName;
  rows: number;
  /** Share of the seeder's rows (lib/seed/demo-tables.ts): how the inserter of part 4 spreads its rows. */
  share?: number;
  /** The time of the rows the inserter adds (an SQL expression as `seeded`, $3 = now); now when not given. */
  arriving?: string;
  /** Where the seeded rows' time falls (an SQL expression of the row's g, u1… and $3). */
  seeded: string;
  /** The INSERT … SELECT of rows g = $1..$2 whose time column is `time`. */
  insert: (time: string) => string;
}

const SEEDS: Seed[] = [
  {
    table: 'content_audit',
    rows,
    share: 0.35,
    seeded: along(90, rows),
    insert: (time) => `INSERT INTO content_audit (content_id, operation, user_id, "timestamp", metadata)
      SELECT ${contentId('u2')}, op, CASE WHEN u3 < 0.1 THEN NULL ELSE 'user-' || (1 + floor(u4 * 250)::int) END,
             ${time},
             CASE op
               WHEN 'generate' THEN jsonb_build_object('model', ${pick(MODELS, 'u5')},
                 'prompt_tokens', 80 + floor(u6 * 1121)::int, 'temperature', round(u5::numeric, 2))
               WHEN 'edit' THEN jsonb_build_object('editor', ${pick(['web', 'api', 'bulk'], 'u5')}, 'diff_chars', 1 + floor(u6 * 4000)::int)
               WHEN 'publish' THEN jsonb_build_object('channel', ${pick(CHANNELS, 'u5')},
                 'url', 'https://halcytone.example/c/' || (1 + floor(u6 * 99999)::int))
               WHEN 'reject' THEN jsonb_build_object('reason', ${pick(['tone', 'factual error', 'length'], 'u5')}, 'reviewer_notes', NULL)
               ELSE CASE WHEN u6 < 0.5 THEN NULL ELSE jsonb_build_object('source', ${pick(['ui', 'api', 'scheduler'], 'u5')}) END
             END
      FROM (SELECT ${pick(OPERATIONS, 'random()')} AS op, ${uniforms(6)}) AS s`,
  },
  {
    table: 'content_metrics',
    rows,
    share: 0.3,
    seeded: along(90, rows),
    insert: (
      time,
    ) => `INSERT INTO content_metrics (content_id, channel, generation_time_ms, ai_tokens_used, quality_score, created_at, metadata)
      SELECT ${contentId('u2')}, channel,
             round(CASE WHEN channel IN ('blog', 'email') THEN 2600 ELSE 900 END * exp(0.45 * ${normal('u3', 'u4')}))::int,
             round(CASE WHEN channel IN ('blog', 'email') THEN 1800 ELSE 350 END * exp(0.35 * ${normal('u5', 'u6')}))::int,
             round(least(1, greatest(0, 0.82 + 0.09 * ${normal('u7', 'u8')}))::numeric, 2),
             ${time},
             CASE WHEN u9 < 0.3 THEN NULL ELSE jsonb_build_object('model', ${pick(MODELS, 'u3')},
               'template', 'tpl-' || (1 + floor(u4 * 40)::int), 'cached', u5 < 0.2) END
      FROM (SELECT ${pick(CHANNELS, 'random()')} AS channel, ${uniforms(9)}) AS s`,
  },
  {
    table: 'ab_test_results',
    rows,
    share: 0.2,
    seeded: along(30, rows),
    // Each test has a control and one to three variants; a variant's mean differs from the control's by a lift.
    insert: (
      time,
    ) => `INSERT INTO ab_test_results (test_id, variant_id, metric_name, metric_value, "timestamp", metadata)
      SELECT 'ab-bench-' || test, CASE WHEN variant = 0 THEN 'control' ELSE 'variant_' || chr(96 + variant) END,
             (${list(AB_METRICS.map(([name]) => name))})[1 + test % 4],
             round(greatest(0, (ARRAY[${AB_METRICS.map(([, value]) => value)}])[1 + test % 4]
               * CASE WHEN variant = 0 THEN 1 ELSE 1 + (((test * 7 + variant * 13) % 11) - 3) / 100.0 END
               + (ARRAY[${AB_METRICS.map(([, , deviation]) => deviation)}])[1 + test % 4] * ${normal('u3', 'u4')})::numeric, 4),
             ${time},
             CASE WHEN u5 < 0.5 THEN jsonb_build_object('segment', 'seg-' || (1 + floor(u6 * 8)::int))
               ELSE jsonb_build_object('sample', 100 + floor(u6 * 4901)::int, 'device', ${pick(['mobile', 'desktop'], 'u5')}) END
      FROM (SELECT *, floor(u2 * (2 + test % 3))::int AS variant
            FROM (SELECT 1 + floor(random() * ${TEST_COUNT})::int AS test, ${uniforms(6)}) AS r) AS s`,
  },
  {
    table: 'scheduled_content',
    rows,
    share: 0.08,
    // New items are scheduled ahead, over the next two weeks, as the seeded pending ones.
    arriving: `$3::timestamp + make_interval(secs => u5 * 14 * 86400)`,
    seeded: `$3::timestamp + make_interval(secs => 86400 * CASE WHEN status = 'pending' THEN u5 * 14 - 1 ELSE -u5 * 60 END)`,
    // Queue items in every status, inserted in no time order; pending ones mostly ahead, a few overdue.
    insert: (
      time,
    ) => `INSERT INTO scheduled_content (content_id, channel, scheduled_time, status, retry_count, created_at, published_at, error_message)
      SELECT 'sched-bench-' || g, ${pick(CHANNELS, 'u1')}, at, status,
             CASE WHEN status = 'failed' THEN 1 + floor(u2 * 5)::int WHEN status = 'published' AND u2 < 0.1 THEN 1 ELSE 0 END,
             at - make_interval(secs => u3 * 7 * 86400),
             CASE WHEN status = 'published' THEN at + make_interval(secs => 1 + floor(u4 * 300)) END,
             CASE WHEN status = 'failed' THEN ${pick(FAILURES, 'u4')} END
      FROM (SELECT *, ${time} AS at
            FROM (SELECT ${pick(SCHEDULE_STATUSES, 'random()')} AS status, ${uniforms(5)}) AS r) AS s`,
  },
  {
    table: 'cache_metadata',
    rows,
    share: 0.06,
    // New entries expire from an hour to twenty days ahead.
    arriving: `$3::timestamp + make_interval(secs => 3600 + u2 * 20 * 86400)`,
    seeded: `$3::timestamp + make_interval(secs => (u2 * 3 - 1) * 10 * 86400)`,
    // Created over the last 30 days, expiring from 10 days ago to 20 days ahead (a third expired), in no order.
    insert: (
      time,
    ) => `INSERT INTO cache_metadata (cache_key, target, created_at, expires_at, size_bytes, hit_count, last_accessed)
      SELECT target || ':bench:' || to_hex(g), target, created,
             CASE WHEN expires > created THEN expires ELSE created + interval '1 day' END,
             round(CASE WHEN target = 'image' THEN 250000 ELSE 4000 END * exp(0.8 * ${normal('u3', 'u4')}))::int,
             hits, CASE WHEN hits > 0 THEN created + u5 * ($3::timestamp - created) END
      FROM (SELECT *, $3::timestamp - make_interval(secs => u1 * 30 * 86400) AS created,
                   ${time} AS expires,
                   floor(6 * exp(1.4 * ${normal('u6', 'u7')}))::int AS hits
            FROM (SELECT ${pick(CACHE_TARGETS, 'random()')} AS target, ${uniforms(7)}) AS r) AS s`,
  },
  {
    table: 'user_segments',
    rows: segmentRows,
    seeded: `$3::timestamp - make_interval(secs => u6 * 365 * 86400)`,
    insert: (time) => `INSERT INTO user_segments (segment_id, segment_name, criteria, active, created_at, updated_at)
      SELECT 'seg-bench-' || g, ${pick(['Lapsed subscribers (90 d)', 'Mobile-first readers', 'Newsletter power users'], 'u1')} || ' #' || g,
             CASE floor(u2 * 3)::int
               WHEN 0 THEN jsonb_build_object('all', jsonb_build_array(jsonb_build_object('field', 'opens_30d', 'op', '>=', 'value', 2 + floor(u3 * 9)::int)))
               WHEN 1 THEN jsonb_build_object('any', jsonb_build_array(jsonb_build_object('field', 'channel', 'op', '=', 'value', ${pick(CHANNELS, 'u3')})))
               ELSE jsonb_build_object('last_active_days', jsonb_build_object('gt', 30 + floor(u3 * 91)::int), 'plan', ${pick(['free', 'trial', 'pro'], 'u4')})
             END,
             u4 < 0.8, created, created + u5 * ($3::timestamp - created)
      FROM (SELECT *, ${time} AS created FROM (SELECT ${uniforms(6)}) AS r) AS s`,
  },
];

async function seed(url: string): Promise<number> {
  const started = performance.now();
  await withClient(url, async (client) => {
    // A bulk load's settings; the throw-away server is not the one measured for durability.
    await client.query(`ALTER SYSTEM SET max_wal_size = '4GB'`);
    await client.query('SELECT pg_reload_conf()');
    await client.query('SET synchronous_commit = off');
    const now = (await client.query(`SELECT localtimestamp::text AS now`)).rows[0].now as string;
    for (const { table, rows: total, seeded, insert } of SEEDS) {
      const tableStarted = performance.now();
      for (let first = 0; first < total; first += CHUNK)
        await client.query(insert(seeded), [first, Math.min(total, first + CHUNK) - 1, now]);
      console.log(
        `  ${table.padEnd(18)} ${count(total).padStart(12)} rows in ${seconds(performance.now() - tableStarted)}`,
      );
    }
    // Production tables are vacuumed by autovacuum: the visibility map lets a day's count(*) be index-only.
    const vacuumStarted = performance.now();
    await client.query(`VACUUM (ANALYZE) ${SEEDS.map(({ table }) => table).join(', ')}`);
    await client.query('CHECKPOINT');
    const size = (await client.query(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`)).rows[0];
    console.log(
      `  VACUUM ANALYZE and CHECKPOINT in ${seconds(performance.now() - vacuumStarted)}; database ${size.size}`,
    );
  });
  return performance.now() - started;
}

// ——— 3. The pages and their baselines ———

/** The old listSegments (before keyset paging, commit 1ec7144): the whole table sorted by name. */
const OLD_SEGMENTS = `SELECT segment_id, segment_name, criteria, active, to_char(updated_at, 'YYYY-MM-DD HH24:MI:SS')
  FROM user_segments ORDER BY segment_name, segment_id LIMIT $1`;

/**
 * Each page's figures for the days it shows, computed from the raw rows as the pages did before rollups; the queue's
 * chart runs to `queueTo`, and the cache's live/expired split is taken at `thisHour` (the hour's start).
 */
function baselineOf(
  table: TableName,
  { days, queueTo, thisHour }: { days: Days; queueTo: string; thisHour: string },
): [string, unknown[]][] {
  const range = [days.from, days.to];
  switch (table) {
    case 'content_audit':
      return [
        [FULL_SCAN.rangeTotal(table), range],
        [FULL_SCAN.operationsByDay, range],
      ];
    case 'content_metrics':
      return [
        [FULL_SCAN.rangeTotal(table), range],
        [FULL_SCAN.generationByChannelAndDay, range],
        [FULL_SCAN.qualityDistribution, range],
      ];
    case 'ab_test_results':
      return [
        [FULL_SCAN.rangeTotal(table), range],
        [FULL_SCAN.variantStats, [...range, 12]],
      ];
    case 'scheduled_content':
      return [
        [FULL_SCAN.statusTotals, []],
        [FULL_SCAN.queueByDay, [days.from, queueTo]],
      ];
    case 'cache_metadata':
      return [
        [FULL_SCAN.cacheSizeByTarget, []],
        [FULL_SCAN.cacheSplitAround, [thisHour]],
        [FULL_SCAN.topKeys, [20]],
      ];
    case 'user_segments':
      return [[OLD_SEGMENTS, [200]]];
  }
}

/** Runs statements as the old page did: all at once, on at most two connections (PG_MONITOR_POOL_MAX). */
async function timeStatements(pool: pg.Pool, statements: [string, unknown[]][]): Promise<number> {
  const started = performance.now();
  await Promise.all(statements.map(([text, values]) => pool.query(text, values)));
  return performance.now() - started;
}

// ——— 4. The inserter: 1,000 rows/s over the rolled-up tables by the seeder's shares, timestamps now ———

const LIVE = SEEDS.filter((seed) => seed.share !== undefined);
const shareTotal = LIVE.reduce((sum, seed) => sum + seed.share!, 0);

/**
 * Rows shaped as the seeded ones (the same INSERT … SELECT, numbered after them so keys stay unique), their time
 * $3 = 'now' (the transaction's localtimestamp) for the append-only tables; the queue's new items are scheduled over
 * the next two weeks and the cache's new entries expire over the next twenty days (Seed.arriving), as a content
 * generator adds them.
 */
function startInserter(url: string): { stop: () => Promise<{ rows: number; elapsedMs: number }> } {
  let stopped = false;
  const inserted = LIVE.map(() => 0);
  const started = performance.now();
  const done = withClient(url, async (client) => {
    for (let batch = 1; !stopped; batch++) {
      const due = ((performance.now() - started) / 1000) * ROWS_PER_SECOND;
      for (const [i, seed] of LIVE.entries()) {
        const n = Math.floor((due * seed.share!) / shareTotal) - inserted[i];
        if (n <= 0) continue;
        const first = seed.rows + inserted[i];
        await client.query(seed.insert(seed.arriving ?? '$3::timestamp'), [first, first + n - 1, 'now']);
        inserted[i] += n;
      }
      await sleep(started + batch * BATCH_MS - performance.now());
    }
  });
  return {
    stop: async () => {
      stopped = true;
      await done;
      return { rows: inserted.reduce((sum, n) => sum + n, 0), elapsedMs: performance.now() - started };
    },
  };
}

/** Where the watched database's time went (pg_stat_statements since its last reset), per application table. */
const ROLLED_UP = LIVE.map(({ table }) => table).join('|');
const APP_TABLE = `FROM (${ROLLED_UP})\\M`;
async function statementTime(client: pg.Client): Promise<Map<string, { ms: number; calls: number }>> {
  const { rows: found } = await client.query(
    `SELECT substring(query FROM '${APP_TABLE}') AS "table", sum(total_exec_time)::float8 AS ms, sum(calls)::int AS calls
     FROM pg_stat_statements WHERE query ~ '${APP_TABLE}' AND query !~* '^\\s*INSERT' GROUP BY 1`,
  );
  return new Map(found.map((row) => [row.table as string, { ms: row.ms as number, calls: row.calls as number }]));
}

/** Server execution time of every read of the application tables since pg_stat_statements' last reset, in ms. */
async function serverTime(client: pg.Client): Promise<number> {
  const { rows: found } = await client.query(
    `SELECT coalesce(sum(total_exec_time), 0)::float8 AS ms FROM pg_stat_statements
     WHERE query ~ '${APP_TABLE}' AND query !~* '^\\s*INSERT'`,
  );
  return found[0].ms as number;
}

/**
 * The statements that cost the most since the reset — the reads of the application tables only, or every statement
 * but the bench's own (pg_stat_statements' own and the inserter's) — a rollup read named by the part it reads for
 * (the part whose key and value columns the text names as words, the one with the most columns first), with the
 * buffers each call touched.
 */
async function topStatements(
  client: pg.Client,
  sources: readonly RollupSource[],
  { limit, applicationTablesOnly }: { limit: number; applicationTablesOnly: boolean },
): Promise<string[]> {
  const { rows: found } = await client.query(
    `SELECT calls, total_exec_time::float8 AS total, mean_exec_time::float8 AS mean,
            (shared_blks_hit + shared_blks_read)::float8 / calls AS blocks, regexp_replace(query, '\\s+', ' ', 'g') AS query
     FROM pg_stat_statements
     WHERE ${applicationTablesOnly ? `query ~ '${APP_TABLE}'` : 'true'} AND query !~* '^\\s*INSERT' AND query !~ 'pg_stat_statements'
     ORDER BY total_exec_time DESC LIMIT $1`,
    [limit],
  );
  const parts = sources
    .flatMap((source) =>
      source.parts.map((part) => ({
        table: source.table,
        store: part.store,
        words: [...part.keys, ...part.values].map((column) => new RegExp(`\\b${column.name}\\b`)),
      })),
    )
    .sort((a, b) => b.words.length - a.words.length);
  return found.map((row) => {
    const text = row.query as string;
    const table = new RegExp(`FROM (${ROLLED_UP})\\b`).exec(text)?.[1];
    const part = parts.find(
      (candidate) => candidate.table === table && candidate.words.every((word) => word.test(text)),
    );
    const label = text.includes('WITH RECURSIVE days')
      ? `${table}: list days`
      : text.includes('json_agg') && part
        ? `${table} → ${part.store}`
        : text.includes('count(*) AS rows FROM')
          ? `${table}: count(*) to verify`
          : text.slice(0, 46);
    return `${label.padEnd(47)} ${String(row.calls).padStart(5)} calls ${ms(row.total).padStart(10)} total ${ms(row.mean).padStart(9)} mean ${count(row.blocks).padStart(8)} blocks/call`;
  });
}

// ——— The run ———

if (rows < requested)
  console.log(
    `${count(requested)} rows per table would need about ${((requested * 5 * BYTES_PER_ROW) / 1e9).toFixed(0)} GB; ` +
      `${os.tmpdir()} has ${(free / 1e9).toFixed(0)} GB free: seeding ${count(rows)} rows per table instead.`,
  );

await withBenchPostgres(async (url) => {
  // The console's defaults: the build and the pages run under the 5 s statement timeout, as in production.
  for (const name of [
    'PG_STATEMENT_TIMEOUT_MS',
    'PG_LOCK_TIMEOUT_MS',
    'PG_MONITOR_POOL_MAX',
    'INSIGHTS_INTERVAL_SECONDS',
    'INSIGHTS_LATE_SECONDS',
    'INSIGHTS_CYCLE_BUDGET_MS',
    'INSIGHTS_BUILD_BUDGET_MS',
    'LIVE_REPORT_CACHE_SECONDS',
    'SECTION_FAILURE_RETRY_SECONDS',
    'TABLE_READS_FROM',
    'CONSOLE_DATABASE_URL',
  ])
    delete process.env[name];
  process.env.DATABASE_URL = url;
  // Imported after DATABASE_URL is set (the modules read the configuration once) and before seeding, so the run
  // measures the code as it was when it started, whatever is edited meanwhile.
  const { getEnv } = await import('../lib/env');
  const { QUEUE_DAYS_AHEAD, ROLLUP_SOURCES } = await import('../lib/tables/insights/rollups/definitions');
  const { createCycleMemory } = await import('../lib/tables/insights/rollups/run-insights-cycle');
  const { addDays } = await import('../lib/tables/insights/rollups/naive-time');
  const { runRoutedInsightsCycle } = await import('../lib/tables/insights/rollups/scheduler');
  const { getRollupStatus } = await import('../lib/tables/insights/rollups/get-rollup-status');
  const { loadTableInsights } = await import('../lib/tables/insights/load-table-insights');
  const { clearSharedCache } = await import('../lib/monitoring/shared-cache');
  const env = getEnv();

  console.log(
    `1. Seeding ${count(rows)} rows per table (user_segments ${count(segmentRows)}), INSERT … SELECT in chunks`,
  );
  const seedMs = await seed(url);
  console.log(`  seeded in ${seconds(seedMs)}`);
  const bench = new pg.Client({ connectionString: url, application_name: 'bench' });
  await bench.connect();

  // ——— 2. The first build ———
  console.log(
    `\n2. First build: cycles back to back, PG_STATEMENT_TIMEOUT_MS ${env.PG_STATEMENT_TIMEOUT_MS}, ` +
      `INSIGHTS_BUILD_BUDGET_MS ${env.INSIGHTS_BUILD_BUDGET_MS}, INSIGHTS_CYCLE_BUDGET_MS ${env.INSIGHTS_CYCLE_BUDGET_MS}`,
  );
  await bench.query('SELECT pg_stat_statements_reset()');
  const memory = createCycleMemory();
  const buildStarted = performance.now();
  const currentAfter = new Map<string, { ms: number; rows: number }>();
  const build: CycleReport[] = [];
  while (currentAfter.size < ROLLUP_SOURCES.length) {
    const report = await runRoutedInsightsCycle(memory);
    build.push(report);
    const errors = Object.entries(report.errors).map(([table, message]) => `${table}: ${message}`);
    for (const { table } of ROLLUP_SOURCES) {
      if (currentAfter.has(table)) continue;
      const status = await getRollupStatus(table);
      if (status.state === 'current')
        currentAfter.set(table, { ms: performance.now() - buildStarted, rows: status.rowsDone });
    }
    console.log(
      `  cycle ${String(build.length).padStart(3)}: ${ms(report.sourceMs).padStart(10)} on the database, ` +
        `${String(report.builtSlices).padStart(3)} slices built, ${count(report.advancedRows + report.rebuiltRows).padStart(10)} rows` +
        `${currentAfter.size ? `; current: ${[...currentAfter.keys()].join(', ')}` : ''}${errors.length ? `; ${errors.join('; ')}` : ''}`,
    );
    if (build.length >= 500) throw new Error('The build did not finish in 500 cycles.');
  }
  const buildWallMs = performance.now() - buildStarted;
  const buildSourceMs = build.reduce((sum, report) => sum + report.sourceMs, 0);
  const buildTimes = await statementTime(bench);
  const buildRows = [...currentAfter.values()].reduce((sum, { rows: done }) => sum + done, 0);
  console.log(
    `\n  ${'table'.padEnd(18)} ${'rows'.padStart(12)} ${'current after'.padStart(14)} ${'on the database'.padStart(16)} ${'statements'.padStart(11)} ${'rows/s (database)'.padStart(18)}`,
  );
  for (const [table, { ms: after, rows: done }] of currentAfter) {
    const spent = buildTimes.get(table) ?? { ms: NaN, calls: 0 };
    console.log(
      `  ${table.padEnd(18)} ${count(done).padStart(12)} ${seconds(after).padStart(14)} ${seconds(spent.ms).padStart(16)} ${String(spent.calls).padStart(11)} ${count(done / (spent.ms / 1000)).padStart(18)}`,
    );
  }
  console.log(
    `  ${'all tables'.padEnd(18)} ${count(buildRows).padStart(12)} ${seconds(buildWallMs).padStart(14)} ${seconds(buildSourceMs).padStart(16)} ${String(build.reduce((sum, report) => sum + report.statements, 0)).padStart(11)} ${count(buildRows / (buildSourceMs / 1000)).padStart(18)}`,
  );
  console.log(
    `  (current after: wall time from the build's start, the tables building together; per table: server execution ` +
      `time from pg_stat_statements; all tables: the cycles' own CycleReport.sourceMs, ${build.length} cycles, ` +
      `${count(buildRows / (buildWallMs / 1000))} rows/s of wall time)`,
  );

  // ——— 3. Every insights page, cold, beside the old full-scan SQL ———
  const today = (await getRollupStatus('content_audit')).today!;
  const days: Days = { from: addDays(today, -29), to: today };
  const pages = [
    'content_audit',
    'content_metrics',
    'ab_test_results',
    'scheduled_content',
    'cache_metadata',
    'user_segments',
  ] as const;
  console.log(
    `\n3. Insights pages, default range ${days.from} to ${days.to}: ${COLD_RUNS} loads each with the console's cache cleared`,
  );
  const loadCold = async (table: TableName) => {
    clearSharedCache();
    const started = performance.now();
    const page = await loadTableInsights(table, {});
    const elapsed = performance.now() - started;
    const sections = [['rollups', page.rollups], ...Object.entries(page.insights)] as [string, unknown][];
    const failed = sections.flatMap(([name, section]) =>
      section && typeof section === 'object' && 'ok' in section && !section.ok && 'message' in section
        ? [`${name}: ${section.message}`]
        : [],
    );
    return { elapsed, failed };
  };
  await loadCold('content_audit'); // the store's and the target's first connections, not a page's cost
  const cold = new Map<TableName, number[]>();
  const failures = new Set<string>();
  const slowest = new Map<TableName, string[]>();
  for (const table of pages) {
    await bench.query('SELECT pg_stat_statements_reset()');
    const times: number[] = [];
    for (let run = 0; run < COLD_RUNS; run++) {
      const { elapsed, failed } = await loadCold(table);
      times.push(elapsed);
      for (const failure of failed) failures.add(`${table} ${failure}`);
    }
    cold.set(table, times);
    // Where a page's time goes, for the pages that take more than a few of the 300 ms.
    if (percentile(times, 50) > 50)
      slowest.set(table, await topStatements(bench, ROLLUP_SOURCES, { limit: 4, applicationTablesOnly: false }));
  }
  const baselinePool = new pg.Pool({ connectionString: url, max: 2, options: '-c statement_timeout=0' });
  const { rows: hours } = await bench.query(
    `SELECT to_char(date_trunc('hour', localtimestamp), 'YYYY-MM-DD HH24:MI:SS') AS "thisHour"`,
  );
  const when = { days, queueTo: addDays(days.to, QUEUE_DAYS_AHEAD), thisHour: hours[0].thisHour as string };
  const baseline = new Map<TableName, number[]>();
  for (const table of pages) {
    const times: number[] = [];
    for (let run = 0; run < BASELINE_RUNS; run++)
      times.push(await timeStatements(baselinePool, baselineOf(table, when)));
    baseline.set(table, times);
  }
  await baselinePool.end();
  const pageLines = pages.map((table) => {
    const [median, max, old] = [
      percentile(cold.get(table)!, 50),
      Math.max(...cold.get(table)!),
      percentile(baseline.get(table)!, 50),
    ];
    return `${table.padEnd(18)} ${ms(median).padStart(10)} ${ms(max).padStart(10)} ${ms(old).padStart(12)} ${`${(old / median).toFixed(old < 10 * median ? 1 : 0)}×`.padStart(8)}   ${max <= 300 ? 'met' : median <= 300 ? 'median only' : 'MISSED'}`;
  });
  const pageHeader = `${'page'.padEnd(18)} ${'median'.padStart(10)} ${'max'.padStart(10)} ${'full scan'.padStart(12)} ${'faster'.padStart(8)}   ≤ 300 ms`;
  console.log(`  ${pageHeader}\n${pageLines.map((line) => `  ${line}`).join('\n')}`);
  console.log(
    `  (full scan: the page's FULL_SCAN statements at once on two connections, no timeout, median of ${BASELINE_RUNS})`,
  );
  for (const failure of failures) console.log(`  section failed: ${failure}`);
  for (const [table, lines] of slowest) {
    console.log(`  ${table}: its costliest statements over the ${COLD_RUNS} loads (they run in parallel)`);
    for (const line of lines) console.log(`    ${line}`);
  }

  // ——— 4. Upkeep at 1,000 new rows per second ———
  const intervalMs = env.INSIGHTS_INTERVAL_SECONDS * 1000;
  console.log(
    `\n4. Upkeep: ${count(ROWS_PER_SECOND)} rows/s inserted in batches every ${BATCH_MS} ms, a cycle every ${env.INSIGHTS_INTERVAL_SECONDS} s`,
  );
  await bench.query('SELECT pg_stat_statements_reset()');
  const inserter = startInserter(url);
  const upkeepStarted = performance.now();
  const upkeep: { report: CycleReport; serverMs: number }[] = [];
  console.log(
    `  ${'cycle'.padEnd(6)} ${'server'.padStart(9)} ${'console'.padStart(9)} ${'statements'.padStart(11)} ${'rows advanced'.padStart(14)} ${'tails sealed'.padStart(13)} ${'upkeep steps'.padStart(13)} ${'days verified'.padStart(14)} ${'slots recounted'.padStart(16)} ${'rows recounted'.padStart(15)}`,
  );
  for (let cycle = 1; cycle <= UPKEEP_CYCLES; cycle++) {
    await sleep(upkeepStarted + cycle * intervalMs - performance.now());
    const before = await serverTime(bench);
    const report = await runRoutedInsightsCycle(memory);
    const serverMs = (await serverTime(bench)) - before;
    upkeep.push({ report, serverMs });
    const errors = Object.entries(report.errors).map(([table, message]) => `; ${table}: ${message}`);
    console.log(
      `  ${String(cycle).padEnd(6)} ${ms(serverMs).padStart(9)} ${ms(report.sourceMs).padStart(9)} ${String(report.statements).padStart(11)} ${count(report.advancedRows).padStart(14)} ` +
        `${String(report.confirmedTails).padStart(13)} ${String(report.upkeepSteps).padStart(13)} ${String(report.verifiedDays).padStart(14)} ${String(report.recountedSlots).padStart(16)} ${count(report.rebuiltRows).padStart(15)}${errors.join('')}`,
    );
  }
  const figures = (values: number[]) =>
    `mean ${ms(mean(values))}, p95 ${ms(percentile(values, 95))}, max ${ms(Math.max(...values))}`;
  const upkeepFigures = `${figures(upkeep.map((cycle) => cycle.serverMs))} of server execution time`;
  const consoleFigures = figures(upkeep.map((cycle) => cycle.report.sourceMs));
  console.log(`  server: ${upkeepFigures}   target ≤ 50 ms`);
  console.log(
    `  console: ${consoleFigures} as the console measured it (wall time around its statements: round trips, and this ` +
      `process's event loop, which the inserter shares)`,
  );
  console.log(
    '  (server: pg_stat_statements total_exec_time of the reads of the application tables, before and after each ' +
      'cycle; a verification or a recount is read in steps over cycles: lib/tables/insights/rollups/sweep.ts)',
  );
  console.log(`  where the database time went (pg_stat_statements over the ${UPKEEP_CYCLES} cycles):`);
  for (const line of await topStatements(bench, ROLLUP_SOURCES, { limit: 8, applicationTablesOnly: true }))
    console.log(`    ${line}`);
  const refreshStarted = performance.now();
  await bench.query(FULL_SCAN.operationsByDay, [days.from, days.to]);
  const refreshMs = performance.now() - refreshStarted;
  const inserted = await inserter.stop();
  console.log(
    `  baseline, the same freshness without rollups: one full-scan refresh of content_audit's figure ` +
      `(FULL_SCAN.operationsByDay, 30 days) ${ms(refreshMs)}, every ${env.INSIGHTS_INTERVAL_SECONDS} s`,
  );
  console.log(
    `  inserted ${count(inserted.rows)} rows at ${count(inserted.rows / (inserted.elapsedMs / 1000))} rows/s`,
  );
  await bench.end();

  console.log(`
Summary — ${count(rows)} rows in each of five tables, user_segments ${count(segmentRows)}
  seeding                 ${seconds(seedMs)}
  first build             ${seconds(buildWallMs)} wall, ${seconds(buildSourceMs)} on the database, ${build.length} cycles, ${count(buildRows / (buildWallMs / 1000))} rows/s
  ${pageHeader}
${pageLines.map((line) => `  ${line}`).join('\n')}
  upkeep per cycle        ${upkeepFigures} (target ≤ 50 ms) at ${count(ROWS_PER_SECOND)} rows/s
                          ${consoleFigures} as the console measured it
  without rollups         ${ms(refreshMs)} per refresh of content_audit's figure alone`);
});
process.exit(0);
