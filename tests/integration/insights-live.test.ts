/**
 * The insights views that stay live at production size (issue 15): each equals the plain SQL without its bound on
 * seeded data where the bound is not reached, reports what it searched when it is, and is planned as an index range
 * scan on the guide's index — never a sequential scan of the table. The statement planned is the one the function
 * sent (captured at the pool), not a copy of it.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getExpiringSoon, getThisHourExpirySplit } from '@/lib/tables/insights/cache-metadata';
import { findFailed, findOverduePending } from '@/lib/tables/insights/scheduled-content';
import { listSegments } from '@/lib/tables/insights/user-segments';
import { withClient } from '../support/sql';

// Rows of this file: content_id 'live-sc-…', targets 'live-…', segment_id 'live-seg-…'. Other files' rows may share
// the tables; comparisons with SQL over the whole table tolerate them, exact figures are asserted on ours only.
beforeAll(async () => {
  await withClient(async (c) => {
    // 150,000 items spread evenly over 60 days past and 14 ahead (one every ~43 s), every status, none within
    // 10 minutes of now or of the window start (now − 7 days), so no item crosses a bound while the test runs.
    await c.query(`
      INSERT INTO scheduled_content (content_id, channel, scheduled_time, status, retry_count, error_message)
      SELECT 'live-sc-' || i, 'email', t,
             (ARRAY['published','published','published','published','pending','failed','processing','cancelled'])[i % 8 + 1],
             i % 4, CASE WHEN i % 8 = 5 THEN 'SMTP 421 #' || i END
      FROM (SELECT i, localtimestamp - interval '60 days' + i * interval '74 days' / 150000 AS t
            FROM generate_series(1, 150000) i) s
      WHERE abs(extract(epoch FROM t - localtimestamp)) > 600
        AND abs(extract(epoch FROM t - (localtimestamp - interval '7 days'))) > 600`);
    // At the edges: due the moment it was written (due by the time it is read), due in 10 minutes, and just inside
    // and exactly at the window start as it was when written (outside by the time it is read: now has moved on).
    await c.query(`
      INSERT INTO scheduled_content (content_id, channel, scheduled_time, status) VALUES
        ('live-sc-edge-now', 'web', localtimestamp, 'pending'),
        ('live-sc-edge-future', 'web', localtimestamp + interval '10 minutes', 'pending'),
        ('live-sc-edge-inside', 'web', localtimestamp - interval '7 days' + interval '5 minutes', 'failed'),
        ('live-sc-edge-start', 'web', localtimestamp - interval '7 days', 'failed')`);
    // 100,000 cache entries expiring from 10 days ago to 20 days ahead, none within 10 minutes of now or of now ± 1 h.
    await c.query(`
      INSERT INTO cache_metadata (cache_key, target, expires_at, size_bytes)
      SELECT 'live-cm-' || i, 'live-t' || i % 6, t, CASE WHEN i % 97 <> 0 THEN i % 5000 + 1 END
      FROM (SELECT i, localtimestamp - interval '10 days' + i * interval '30 days' / 100000 AS t
            FROM generate_series(1, 100000) i) s
      WHERE abs(extract(epoch FROM t - localtimestamp)) > 600
        AND abs(abs(extract(epoch FROM t - localtimestamp)) - 3600) > 600`);
    // Exactly at this hour's start (this hour's), a microsecond before it and at the next hour's (neither); half an hour
    // either side of now (in the hour's window) and an hour and a half (not).
    await c.query(`
      INSERT INTO cache_metadata (cache_key, target, expires_at, size_bytes) VALUES
        ('live-cm-hour-start', 'live-hour', date_trunc('hour', localtimestamp), 100),
        ('live-cm-before-hour', 'live-hour', date_trunc('hour', localtimestamp) - interval '1 microsecond', 200),
        ('live-cm-next-hour', 'live-hour', date_trunc('hour', localtimestamp) + interval '1 hour', 400),
        ('live-cm-soon-past', 'live-soon', localtimestamp - interval '30 minutes', 10),
        ('live-cm-soon-next', 'live-soon', localtimestamp + interval '30 minutes', 20),
        ('live-cm-soon-far-past', 'live-soon', localtimestamp - interval '90 minutes', 40),
        ('live-cm-soon-far-next', 'live-soon', localtimestamp + interval '90 minutes', 80)`);
    await c.query(`
      INSERT INTO user_segments (segment_id, segment_name, criteria)
      SELECT 'live-seg-' || lpad(i::text, 5, '0'), 'Segment ' || (5000 - i), jsonb_build_object('n', i)
      FROM generate_series(1, 5000) i`);
    await c.query('ANALYZE scheduled_content, cache_metadata, user_segments');
  });
});

afterAll(async () => {
  await withClient(async (c) => {
    await c.query(`DELETE FROM scheduled_content WHERE content_id LIKE 'live-sc-%'`);
    await c.query(`DELETE FROM cache_metadata WHERE cache_key LIKE 'live-cm-%'`);
    await c.query(`DELETE FROM user_segments WHERE segment_id LIKE 'live-seg-%'`);
    await c.query('ANALYZE scheduled_content, cache_metadata, user_segments');
  });
});

/** The rows plain SQL returns (through its own connection, not the console's pool). */
async function rowsOf(text: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  return withClient(async (c) => (await c.query(text, values)).rows);
}

/** The statement `run` sent through the monitoring pool (lib/pg/client.ts), with its values. */
async function statementOf(run: () => Promise<unknown>): Promise<{ text: string; values: unknown[] }> {
  const spy = vi.spyOn(pg.Pool.prototype, 'query');
  try {
    await run();
    const [text, values] = spy.mock.calls.at(-1) as unknown as [string, unknown[]];
    return { text, values };
  } finally {
    spy.mockRestore();
  }
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'CTE Name'?: string;
  Filter?: string;
  'Actual Rows'?: number;
  Plans?: PlanNode[];
}

/** A node of a plan with the node types above it. */
type Placed = PlanNode & { above: string[] };

function* walk(node: PlanNode, above: string[] = []): Generator<Placed> {
  yield { ...node, above };
  for (const child of node.Plans ?? []) yield* walk(child, [...above, node['Node Type']]);
}

/** Every node of the plan of the statement `run` sends (EXPLAIN ANALYZE executes it: only for reads). */
async function planOf(run: () => Promise<unknown>, analyze = false): Promise<Placed[]> {
  const { text, values } = await statementOf(run);
  const [row] = await rowsOf(`EXPLAIN (${analyze ? 'ANALYZE, ' : ''}FORMAT JSON) ${text}`, values);
  return [...walk((row['QUERY PLAN'] as { Plan: PlanNode }[])[0].Plan)];
}

const RANGE_SCANS = ['Index Scan', 'Index Only Scan', 'Bitmap Index Scan'];

/** The plan reads `table` through a range of `index` and never scans the whole table; returns that index scan. */
function expectIndexRange(nodes: Placed[], table: string, index: string): Placed {
  expect(nodes.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === table)).toEqual([]);
  const scan = nodes.find((n) => RANGE_SCANS.includes(n['Node Type']) && n['Index Name'] === index);
  expect(scan, `${table} read through ${index}`).toBeDefined();
  return scan!;
}

const WINDOW = `scheduled_time >= localtimestamp - interval '7 days' AND scheduled_time < localtimestamp`;
const ITEM = `id, content_id AS "contentId", channel, to_char(scheduled_time, 'YYYY-MM-DD HH24:MI:SS') AS "scheduledTime",
  status, retry_count AS "retryCount", error_message AS "errorMessage"`;

describe('scheduled_content: overdue and failed items, bounded', () => {
  it('equals the SQL without the row cap when the cap is not reached, and says what it searched', async () => {
    const overdue = await findOverduePending({ limit: 50_000 });
    const failed = await findFailed();
    const [{ rows: due, start }] = await rowsOf(
      `SELECT count(*)::int AS rows, localtimestamp - interval '7 days' AS start FROM scheduled_content WHERE ${WINDOW}`,
    );
    expect(overdue.items).toEqual(
      await rowsOf(
        `SELECT ${ITEM} FROM scheduled_content WHERE status = 'pending' AND ${WINDOW} ORDER BY scheduled_time, id`,
      ),
    );
    expect(failed.items).toEqual(
      await rowsOf(
        `SELECT ${ITEM} FROM scheduled_content WHERE status = 'failed' AND ${WINDOW} ORDER BY scheduled_time DESC, id DESC LIMIT 100`,
      ),
    );
    expect(due).toBeGreaterThan(10_000);
    for (const { searched } of [overdue, failed]) {
      expect(searched).toMatchObject({ rows: due, capped: false });
      // The window start as the function saw it: within seconds of the one SQL saw just after.
      expect(Math.abs(Date.parse(searched.since) - (start as Date).getTime())).toBeLessThan(10_000);
    }
    const ours = (items: { contentId: string }[]) => new Set(items.map((item) => item.contentId));
    expect(ours(overdue.items)).toContain('live-sc-edge-now');
    expect(ours(overdue.items)).not.toContain('live-sc-edge-future');
    const allFailed = ours((await findFailed({ limit: 50_000 })).items);
    expect(allFailed).toContain('live-sc-edge-inside');
    expect(allFailed).not.toContain('live-sc-edge-start');
    expect(failed.items.every((item) => item.status === 'failed')).toBe(true);
  });

  it('examines at most scanLimit due items, newest first, and says how far back it reached', async () => {
    const failed = await findFailed({ scanLimit: 1_000 });
    const newest = `SELECT * FROM scheduled_content WHERE ${WINDOW} ORDER BY scheduled_time DESC LIMIT 1000`;
    const [{ since }] = await rowsOf(
      `SELECT to_char(min(scheduled_time), 'YYYY-MM-DD HH24:MI:SS') AS since FROM (${newest}) e`,
    );
    expect(failed.searched).toEqual({ rows: 1_000, capped: true, since });
    expect(failed.items).toEqual(
      await rowsOf(
        `SELECT ${ITEM} FROM (${newest}) e WHERE status = 'failed' ORDER BY scheduled_time DESC, id DESC LIMIT 100`,
      ),
    );
    const overdue = await findOverduePending({ scanLimit: 1_000, limit: 5 });
    expect(overdue.items).toHaveLength(5);
    expect(overdue.items.every((item) => item.status === 'pending' && item.scheduledTime >= (since as string))).toBe(
      true,
    );
  });

  it('plans both as a range scan of idx_scheduled_time stopped by the cap, the status filtered above it', async () => {
    for (const run of [() => findOverduePending(), () => findFailed(), () => findFailed({ scanLimit: 1_000 })]) {
      const nodes = await planOf(run);
      const scan = expectIndexRange(nodes, 'scheduled_content', 'idx_scheduled_time');
      expect(scan.above).toContain('Limit');
      expect(`${scan.Filter ?? ''}`).not.toContain('status');
      const filtered = nodes.find((n) => n.Filter?.includes('status'));
      expect(filtered).toMatchObject({ 'Node Type': 'CTE Scan', 'CTE Name': 'examined' });
    }
    // Executed: the index yields exactly the cap, however many due items there are.
    const executed = await planOf(() => findFailed({ scanLimit: 1_000 }), true);
    expect(expectIndexRange(executed, 'scheduled_content', 'idx_scheduled_time')['Actual Rows']).toBe(1_000);
  });
});

const SPLIT = (from: string, to: string) => `
  SELECT target,
         count(*) FILTER (WHERE expires_at <= localtimestamp)::int AS "expiredEntries",
         coalesce(sum(size_bytes) FILTER (WHERE expires_at <= localtimestamp), 0)::float8 AS "expiredBytes",
         count(*) FILTER (WHERE expires_at > localtimestamp)::int AS "liveEntries",
         coalesce(sum(size_bytes) FILTER (WHERE expires_at > localtimestamp), 0)::float8 AS "liveBytes"
  FROM cache_metadata
  WHERE target LIKE 'live-%' AND expires_at >= ${from} AND expires_at < ${to}
  GROUP BY target ORDER BY target`;

const ours = (window: { targets: { target: string }[] }) => window.targets.filter((t) => t.target.startsWith('live-'));

describe('cache_metadata: what expires around now and this hour, bounded', () => {
  it('splits the hour either side of now per target as SQL over the whole table does', async () => {
    const soon = await getExpiringSoon();
    expect(ours(soon)).toEqual(
      await rowsOf(SPLIT(`localtimestamp - interval '60 minutes'`, `localtimestamp + interval '60 minutes'`)),
    );
    expect(soon.targets.find((t) => t.target === 'live-soon')).toEqual({
      target: 'live-soon',
      expiredEntries: 1,
      expiredBytes: 10,
      liveEntries: 1,
      liveBytes: 20,
    });
    expect(ours(soon).length).toBeGreaterThan(6);
    expect(Date.parse(soon.to) - Date.parse(soon.from)).toBe(2 * 3_600_000);
    expect((await getExpiringSoon(120)).targets.find((t) => t.target === 'live-soon')).toMatchObject({
      expiredEntries: 2,
      liveEntries: 2,
    });
  });

  it("splits this hour's entries at now, the hour's start included and the next hour's not", async () => {
    const thisHour = await getThisHourExpirySplit();
    const [{ hour }] = await rowsOf(`SELECT to_char(localtimestamp, 'YYYY-MM-DD HH24') AS hour`);
    expect(thisHour.from).toBe(`${hour}:00:00`);
    expect(ours(thisHour)).toEqual(
      await rowsOf(
        SPLIT(`date_trunc('hour', localtimestamp)`, `date_trunc('hour', localtimestamp) + interval '1 hour'`),
      ),
    );
    expect(thisHour.targets.find((t) => t.target === 'live-hour')).toEqual({
      target: 'live-hour',
      expiredEntries: 1,
      expiredBytes: 100,
      liveEntries: 0,
      liveBytes: 0,
    });
  });

  it('plans both as a range scan of idx_cache_expires', async () => {
    for (const run of [() => getExpiringSoon(), () => getThisHourExpirySplit()])
      expectIndexRange(await planOf(run), 'cache_metadata', 'idx_cache_expires');
  });
});

describe('user_segments: pages by the primary key', () => {
  it('pages through every segment in segment_id order, as SQL orders them', async () => {
    const first = await listSegments();
    expect(first.segments).toHaveLength(200);
    expect(first.next).toBe(first.segments[199].segmentId);
    const ids: string[] = [];
    let after: string | undefined;
    do {
      const page = await listSegments({ limit: 1_000, after });
      ids.push(...page.segments.map((s) => s.segmentId));
      after = page.next ?? undefined;
    } while (after !== undefined);
    expect(ids).toEqual(
      (await rowsOf(`SELECT segment_id FROM user_segments ORDER BY segment_id`)).map((r) => r.segment_id),
    );
    expect(ids.slice(0, 200)).toEqual(first.segments.map((s) => s.segmentId));
    const page = await listSegments({ limit: 2, after: 'live-seg-00041' });
    expect(page.segments.map((s) => [s.segmentId, s.segmentName, s.criteria])).toEqual([
      ['live-seg-00042', 'Segment 4958', { n: 42 }],
      ['live-seg-00043', 'Segment 4957', { n: 43 }],
    ]);
    expect(page.next).toBe('live-seg-00043');
  });

  it('reads a page through user_segments_pkey', async () => {
    expectIndexRange(await planOf(() => listSegments()), 'user_segments', 'user_segments_pkey');
    expectIndexRange(
      await planOf(() => listSegments({ after: 'live-seg-02500' })),
      'user_segments',
      'user_segments_pkey',
    );
  });
});
