/**
 * Production-sized application tables for the end-to-end checks: N more rows in each of the six tables, each table
 * filled by one INSERT … SELECT over generate_series (no rows are built in Node), spread like the demo seeder
 * (lib/seed/demo-tables.ts). Every row carries BULK_ROW_MARKER at the start of a key column, so deleteBulkRows
 * removes exactly these rows and later spec files see the usual demo data.
 *
 * No seeded time falls within 20 minutes before now, and none of the future ones (schedules, expiries) within an
 * hour after: the figures a test compares with SQL stay put while it runs, whatever the console's late-arrival window.
 */
import type pg from 'pg';
import { CHANNELS, SCHEDULE_STATUSES } from '../../lib/seed/demo-tables';
import type { TableName } from '../../lib/tables/registry';

export const BULK_ROW_MARKER = 'e2e-million-';

/** A standard normal draw (Box–Muller, as lib/seed/random.ts); PostgreSQL 15 has no random_normal(). */
const NORMAL = 'sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())';
/** One of an array's items, at random. */
const pick = (array: string) => `(${array})[1 + floor(random() * cardinality(${array}))::int]`;
/** A time in the past `days` days, at least 20 minutes ago. */
const past = (days: number) => `localtimestamp - interval '20 minutes' - random() * interval '${days} days'`;
/** A time in the next `days` days, at least an hour ahead (longer than the spec runs, so nothing falls due). */
const ahead = (days: number) => `localtimestamp + interval '1 hour' + random() * interval '${days} days'`;

const CONTENT_ID = `$1::text || 'cnt-' || lpad((1 + floor(random() * 20000))::int::text, 5, '0')`;
const MODELS = `ARRAY['gpt-4o', 'gpt-4o-mini', 'claude-sonnet', 'llama-3-70b']`;

/**
 * Per table: the column that carries the marker, and the INSERT ($1 the marker, $2 the row count, $3 the channels,
 * $4 the schedule statuses; a statement names only those it uses, in that order).
 */
const BULK_TABLES: Record<TableName, { marker: string; insert: string; parameters: readonly unknown[] }> = {
  content_audit: {
    marker: 'content_id',
    parameters: [CHANNELS],
    insert: `
      INSERT INTO content_audit (content_id, operation, user_id, "timestamp", metadata)
      SELECT ${CONTENT_ID},
             operation,
             CASE WHEN random() < 0.1 THEN NULL ELSE 'user-' || (1 + floor(random() * 250))::int END,
             ${past(90)},
             CASE operation
               WHEN 'generate' THEN jsonb_build_object('model', ${pick(MODELS)},
                 'prompt_tokens', 80 + floor(random() * 1121)::int, 'temperature', round(random()::numeric, 2))
               WHEN 'edit' THEN jsonb_build_object('editor', ${pick(`ARRAY['web', 'api', 'bulk']`)},
                 'diff_chars', 1 + floor(random() * 4000)::int)
               WHEN 'publish' THEN jsonb_build_object('channel', ${pick('$3::text[]')},
                 'url', 'https://halcytone.example/c/' || (1 + floor(random() * 99999))::int)
               WHEN 'reject' THEN jsonb_build_object('reason',
                 ${pick(`ARRAY['tone', 'factual error', 'brand guidelines', 'length']`)}, 'reviewer_notes', NULL)
               ELSE CASE WHEN random() < 0.5 THEN NULL
                         ELSE jsonb_build_object('source', ${pick(`ARRAY['ui', 'api', 'scheduler']`)}) END
             END
      FROM (
        SELECT ${pick(`ARRAY['generate', 'edit', 'review', 'approve', 'reject', 'publish', 'schedule', 'archive',
                             'delete']`)} AS operation
        FROM generate_series(1, $2::int)
      ) AS g`,
  },
  content_metrics: {
    marker: 'content_id',
    parameters: [CHANNELS],
    insert: `
      INSERT INTO content_metrics
        (content_id, channel, generation_time_ms, ai_tokens_used, quality_score, created_at, metadata)
      SELECT ${CONTENT_ID},
             channel,
             round(CASE WHEN long_form THEN 2600 ELSE 900 END * exp(0.45 * ${NORMAL}))::int,
             round(CASE WHEN long_form THEN 1800 ELSE 350 END * exp(0.35 * ${NORMAL}))::int,
             round(least(1, greatest(0, 0.82 + 0.09 * ${NORMAL}))::numeric, 2),
             ${past(90)},
             CASE WHEN random() < 0.3 THEN NULL
                  ELSE jsonb_build_object('model', ${pick(MODELS)},
                                          'template', 'tpl-' || (1 + floor(random() * 40))::int,
                                          'cached', random() < 0.2) END
      FROM (
        SELECT channel, channel IN ('blog', 'email') AS long_form
        FROM (SELECT ${pick('$3::text[]')} AS channel FROM generate_series(1, $2::int)) AS c
      ) AS g`,
  },
  // About 100 tests, each with a control and one to three variants that differ from it by a small lift.
  ab_test_results: {
    marker: 'test_id',
    parameters: [],
    insert: `
      INSERT INTO ab_test_results (test_id, variant_id, metric_name, metric_value, "timestamp", metadata)
      SELECT $1::text || 'ab-' || test,
             CASE WHEN variant = 0 THEN 'control' ELSE 'variant_' || chr(96 + variant) END,
             metric.name,
             round(greatest(0, metric.mean * lift + metric.deviation * ${NORMAL})::numeric, 4),
             ${past(30)},
             CASE WHEN random() < 0.5 THEN jsonb_build_object('segment', 'seg-' || (1 + floor(random() * 8))::int)
                  ELSE jsonb_build_object('sample', 100 + floor(random() * 4901)::int,
                                          'device', ${pick(`ARRAY['mobile', 'desktop']`)}) END
      FROM (
        SELECT test, variant,
               CASE WHEN variant = 0 THEN 1 ELSE 1 + ((test * 7 + variant * 13) % 11 - 3) / 100.0 END AS lift
        FROM (
          SELECT test, floor(random() * (2 + test % 3))::int AS variant
          FROM (SELECT 1 + floor(random() * 100)::int AS test FROM generate_series(1, $2::int)) AS t
        ) AS v
      ) AS g
      JOIN (VALUES (0, 'click_through_rate', 0.045, 0.012), (1, 'conversion_rate', 0.021, 0.007),
                   (2, 'open_rate', 0.31, 0.06), (3, 'engagement_seconds', 94, 28)
      ) AS metric (k, name, mean, deviation) ON metric.k = g.test % 4`,
  },
  // Every status; pending items mostly in the next two weeks, a tenth overdue; failed ones say why.
  scheduled_content: {
    marker: 'content_id',
    parameters: [CHANNELS, SCHEDULE_STATUSES],
    insert: `
      INSERT INTO scheduled_content
        (content_id, channel, scheduled_time, status, retry_count, created_at, published_at, error_message)
      SELECT $1::text || 'sched-' || n,
             channel,
             scheduled_time,
             status,
             CASE WHEN status = 'failed' THEN 1 + floor(random() * 5)::int
                  WHEN status = 'published' AND random() < 0.1 THEN 1 ELSE 0 END,
             least(scheduled_time, localtimestamp - interval '20 minutes') - random() * interval '7 days',
             CASE WHEN status = 'published' THEN scheduled_time + (1 + floor(random() * 300)) * interval '1 second' END,
             CASE WHEN status = 'failed' THEN ${pick(`ARRAY[
               'SMTP 421 4.7.0 Try again later, closing connection',
               'Rate limited by the social network API (HTTP 429); retry after 900 s',
               'Template rendering failed: variable ''first_name'' is undefined',
               'Timed out after 30 s waiting for the CDN to accept the upload',
               'Push provider rejected the token: device not registered',
               'Content blocked by moderation filter (policy: promotional claims)']`)} END
      FROM (
        SELECT n, channel, status,
               CASE WHEN status <> 'pending'
                      -- Published ones add up to 300 s to this and stay 20 minutes in the past.
                      THEN localtimestamp - interval '30 minutes' - random() * interval '60 days'
                    WHEN random() < 0.9 THEN ${ahead(14)}
                    ELSE ${past(1)} END AS scheduled_time
        FROM (SELECT n, ${pick('$3::text[]')} AS channel, ${pick('$4::text[]')} AS status
              FROM generate_series(1, $2::int) AS n) AS p
      ) AS g`,
  },
  // Six targets; a third already expired (up to 10 days ago), the rest expiring in the next 20 days.
  cache_metadata: {
    marker: 'cache_key',
    parameters: [],
    insert: `
      INSERT INTO cache_metadata (cache_key, target, created_at, expires_at, size_bytes, hit_count, last_accessed)
      SELECT $1::text || target || ':' || to_hex(n),
             target,
             created_at,
             expires_at,
             round(CASE WHEN target = 'image' THEN 250000 ELSE 4000 END * exp(0.8 * ${NORMAL}))::int,
             hits,
             CASE WHEN hits > 0 THEN created_at + random() * (localtimestamp - interval '20 minutes' - created_at) END
      FROM (
        SELECT n, target, expires_at, hits,
               CASE WHEN expires_at < localtimestamp THEN expires_at - interval '1 hour' - random() * interval '20 days'
                    ELSE ${past(30)} END AS created_at
        FROM (
          SELECT n,
                 ${pick(`ARRAY['llm_response', 'template', 'render', 'embedding', 'image', 'api']`)} AS target,
                 CASE WHEN random() < 1.0 / 3 THEN ${past(10)} ELSE ${ahead(20)} END AS expires_at,
                 floor(6 * exp(1.4 * ${NORMAL}))::int AS hits
          FROM generate_series(1, $2::int) AS n
        ) AS e
      ) AS g`,
  },
  // The criteria take the demo's four JSON shapes.
  user_segments: {
    marker: 'segment_id',
    parameters: [CHANNELS],
    insert: `
      INSERT INTO user_segments (segment_id, segment_name, criteria, active, created_at, updated_at)
      SELECT $1::text || 'seg-' || n,
             ${pick(`ARRAY['High-engagement email readers', 'Lapsed subscribers (90 d)', 'New sign-ups this month',
                     'Mobile-first readers', 'Enterprise trial accounts', 'Weekend social audience',
                     'Price-sensitive shoppers', 'Newsletter power users']`)} || ' #' || n,
             CASE shape
               WHEN 0 THEN jsonb_build_object('all', jsonb_build_array(
                 jsonb_build_object('field', 'country', 'op', 'in', 'value', jsonb_build_array('US', 'CA', 'GB')),
                 jsonb_build_object('field', 'opens_30d', 'op', '>=', 'value', 2 + floor(random() * 9)::int)))
               WHEN 1 THEN jsonb_build_object('any', jsonb_build_array(
                 jsonb_build_object('field', 'channel', 'op', '=', 'value', ${pick('$3::text[]')}),
                 jsonb_build_object('field', 'device', 'op', '=', 'value', 'mobile')))
               WHEN 2 THEN jsonb_build_object(
                 'last_active_days', jsonb_build_object('gt', 30 + floor(random() * 91)::int),
                 'plan', ${pick(`ARRAY['free', 'trial', 'pro']`)})
               ELSE jsonb_build_object(
                 'tags', jsonb_build_array('newsletter', ${pick(`ARRAY['sale', 'product', 'events']`)}),
                 'min_spend', floor(random() * 501)::int)
             END,
             random() < 0.8,
             created_at,
             created_at + random() * (localtimestamp - interval '20 minutes' - created_at)
      FROM (
        SELECT n, floor(random() * 4)::int AS shape, ${past(365)} AS created_at
        FROM generate_series(1, $2::int) AS n
      ) AS g`,
  },
};

/**
 * Inserts `rows` marked rows into each of the six tables, then ANALYZEs them (the planner must see the new size).
 * Returns the seconds each table took, for the log. The same seed gives the same rows.
 */
export async function insertBulkRows(client: pg.Client, rows: number): Promise<Record<TableName, number>> {
  await client.query('SELECT setseed(0.15)');
  const seconds = {} as Record<TableName, number>;
  for (const [table, { insert, parameters }] of Object.entries(BULK_TABLES) as [
    TableName,
    (typeof BULK_TABLES)[TableName],
  ][]) {
    const startedAt = performance.now();
    const { rowCount } = await client.query(insert, [BULK_ROW_MARKER, rows, ...parameters]);
    if (rowCount !== rows) throw new Error(`${table}: inserted ${rowCount} rows, not ${rows}`);
    await client.query(`ANALYZE ${table}`);
    seconds[table] = (performance.now() - startedAt) / 1000;
  }
  return seconds;
}

/** Deletes every marked row, then VACUUM ANALYZE, so the tables and their statistics are as the demo left them. */
export async function deleteBulkRows(client: pg.Client): Promise<void> {
  for (const [table, { marker }] of Object.entries(BULK_TABLES)) {
    await client.query(`DELETE FROM ${table} WHERE ${marker} LIKE $1`, [`${BULK_ROW_MARKER}%`]);
    await client.query(`VACUUM ANALYZE ${table}`);
  }
}
