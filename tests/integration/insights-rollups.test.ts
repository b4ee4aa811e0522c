/**
 * Every rollup-backed insights figure equals the full-scan SQL on the raw rows (tests/support/insights-full-scan.ts)
 * — after the first build, across a day boundary, with rows arriving late (inside and beyond the late window), with
 * rows deleted, and with rows of the mutable tables changed in place. The cycles run against the real server with a
 * clock of their own (a day in 2031), so the day boundary is crossed when the test says.
 */
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { getPrisma } from '@/lib/db';
import { compareToControl } from '@/lib/tables/insights/ab-tests';
import {
  createCycleMemory,
  runInsightsCycle,
  type CycleSettings,
} from '@/lib/tables/insights/rollups/run-insights-cycle';
import {
  getCacheSizeByTarget,
  getCacheSplitAround,
  getGenerationByChannelAndDay,
  getOperationsByDay,
  getQualityDistribution,
  getQueueByDay,
  countRowsInRange,
  countByStatus,
  findTopKeys,
  getVariantStats,
} from '@/lib/tables/insights/rollups/figures';
import { getRollupStatus } from '@/lib/tables/insights/rollups/get-rollup-status';
import { applyRollupsStopped } from '@/lib/tables/insights/rollups/apply-rollups-stopped';
import { clearRollups } from '@/lib/tables/insights/rollups/store';
import { FULL_SCAN, fullScan, type Days } from '../support/insights-full-scan';
import { withClient } from '../support/sql';

let clock = '2031-03-10 23:59:30';
const memory = createCycleMemory();
const settings: CycleSettings = {
  lateSeconds: 15,
  cycleBudgetMs: 60_000,
  buildBudgetMs: 60_000,
  listDaysEveryMs: 0,
  listingsPerCycle: Infinity,
  sourceTarget: 'primary',
  readNow: async () => ({ now: clock, visible: clock }),
};
const cycle = () => runInsightsCycle(settings, memory);

/** The test's days, and every day the tables hold (other files' rows included). */
const TEST_DAYS: Days = { from: '2031-03-07', to: '2031-03-12' };
const ALL_DAYS: Days = { from: '2000-01-01', to: '2099-12-31' };

const sql = (text: string, values: unknown[] = []) => withClient((client) => client.query(text, values));

/** n rows per table on a day, spread over its hours, deterministic. */
async function insertDay(client: pg.Client, day: string, n: number, tag: string) {
  const at = `$1::timestamp + (g * interval '1 second' * 86399 / ${n})`;
  await client.query(
    `INSERT INTO content_audit (content_id, operation, user_id, "timestamp")
     SELECT 'r-${tag}-' || g, (ARRAY['generate','edit','publish','delete'])[1 + g % 4], 'u-' || g % 7, ${at} FROM generate_series(0, ${n - 1}) g`,
    [day],
  );
  await client.query(
    `INSERT INTO content_metrics (content_id, channel, generation_time_ms, ai_tokens_used, quality_score, created_at)
     SELECT 'r-${tag}-' || g, (ARRAY['email','web','sms'])[1 + g % 3], CASE WHEN g % 11 = 0 THEN NULL ELSE 200 + (g * 7919) % 5000 END,
            CASE WHEN g % 5 = 0 THEN NULL ELSE 100 + g % 900 END, CASE WHEN g % 9 = 0 THEN NULL ELSE ((g * 37) % 101) / 100.0 END, ${at}
     FROM generate_series(0, ${n - 1}) g`,
    [day],
  );
  await client.query(
    `INSERT INTO ab_test_results (test_id, variant_id, metric_name, metric_value, "timestamp")
     SELECT 'rollup-t' || g % 3, (ARRAY['control','variant_a','variant_b'])[1 + (g / 3) % 3], 'ctr',
            CASE WHEN g % 13 = 0 THEN NULL ELSE ((g * 7919) % 1000) / 10000.0 + (g % 3) * 0.01 END, ${at}
     FROM generate_series(0, ${n - 1}) g`,
    [day],
  );
  await client.query(
    `INSERT INTO scheduled_content (content_id, channel, scheduled_time, status)
     SELECT 'r-${tag}-' || g, 'email', ${at}, (ARRAY['pending','published','failed','cancelled'])[1 + g % 4] FROM generate_series(0, ${n - 1}) g`,
    [day],
  );
  await client.query(
    `INSERT INTO cache_metadata (cache_key, target, expires_at, size_bytes, hit_count)
     SELECT 'r-${tag}-' || g, (ARRAY['llm_response','render'])[1 + g % 2], ${at}, CASE WHEN g % 6 = 0 THEN NULL ELSE 100 + g END,
            CASE WHEN g % 10 = 0 THEN NULL ELSE (g * 31) % 977 END FROM generate_series(0, ${n - 1}) g`,
    [day],
  );
}

/**
 * Runs cycles until the rotation has checked the test's days again (counted, or counted whole), nothing is left to
 * build and the last cycle built nothing. Other files' rows share the tables, so a whole rotation could be thousands
 * of hours: the test's days are first made the stalest, as they would be once enough time had passed.
 */
async function settle(run = cycle) {
  const since = new Date();
  const testDays = [TEST_DAYS.from, TEST_DAYS.to];
  await sql(
    `UPDATE console.insight_day SET verified_at = verified_at - interval '1000 days', built_at = built_at - interval '1000 days'
     WHERE day BETWEEN $1::date AND $2::date`,
    testDays,
  );
  for (let i = 0; i < 60; i++) {
    const report = await run();
    expect(report.errors).toEqual({});
    const [{ unchecked, unbuilt }] = (
      await sql(
        `SELECT count(*) FILTER (WHERE day BETWEEN $3::date AND $4::date AND (verified_at IS NULL OR verified_at < $1))::int AS unchecked,
                count(*) FILTER (WHERE built_at IS NULL AND day < $2::date)::int AS unbuilt
         FROM console.insight_day`,
        [since, clock.slice(0, 10), ...testDays],
      )
    ).rows;
    if (unchecked === 0 && unbuilt === 0 && report.builtSlices === 0) return;
  }
  throw new Error(`the rollups did not settle in 60 cycles (${JSON.stringify([...memory.backoff.values()])})`);
}

async function expectFiguresEqualFullScan() {
  await withClient(async (client) => {
    for (const days of [TEST_DAYS, ALL_DAYS]) {
      expect(await getOperationsByDay(days)).toEqual(await fullScan(client, FULL_SCAN.operationsByDay, days));
      expect(await getQualityDistribution(days)).toEqual(await fullScan(client, FULL_SCAN.qualityDistribution, days));
      for (const table of ['content_audit', 'content_metrics', 'ab_test_results'] as const) {
        const [{ total }] = await fullScan<{ total: number }>(client, FULL_SCAN.rangeTotal(table), days);
        expect(await countRowsInRange(table, days)).toBe(total);
      }
      const generation = await getGenerationByChannelAndDay(days);
      const expected = await fullScan<{
        day: string;
        channel: string;
        items: number;
        tokens: number;
        p50Ms: number | null;
        p95Ms: number | null;
      }>(client, FULL_SCAN.generationByChannelAndDay, days);
      expect(generation.map(({ day, channel, items, tokens }) => ({ day, channel, items, tokens }))).toEqual(
        expected.map(({ day, channel, items, tokens }) => ({ day, channel, items, tokens })),
      );
      for (const [index, row] of generation.entries()) {
        const exact = expected[index];
        if (row.percentiles === 'exact') {
          expect(row.p50Ms).toBe(exact.p50Ms);
          expect(row.p95Ms).toBe(exact.p95Ms);
        } else {
          // Today's (the open day's): from the histogram, within 1 % (lib/tables/insights/rollups/histogram.ts).
          expect(Math.abs(row.p50Ms! - exact.p50Ms!) / exact.p50Ms!).toBeLessThan(0.01);
          expect(Math.abs(row.p95Ms! - exact.p95Ms!) / exact.p95Ms!).toBeLessThan(0.01);
        }
      }
      const variants = await getVariantStats(days, 50);
      const expectedVariants = await fullScan<{ count: number; mean: number; stddev: number | null }>(
        client,
        FULL_SCAN.variantStats,
        days,
        50,
      );
      expect(
        variants.map(({ testId, variantId, metricName, count }) => [testId, variantId, metricName, count]),
      ).toEqual(
        expectedVariants.map((row) => {
          const { testId, variantId, metricName, count } = row as unknown as Record<string, unknown>;
          return [testId, variantId, metricName, count];
        }),
      );
      for (const [index, row] of variants.entries()) {
        expect(row.mean).toBeCloseTo(expectedVariants[index].mean, 12);
        if (expectedVariants[index].stddev === null) expect(row.stddev).toBeNull();
        else expect(row.stddev).toBeCloseTo(expectedVariants[index].stddev!, 12);
      }
      // The Welch interval from merged moments is the one from the raw rows.
      const fromRows = compareToControl(expectedVariants as never);
      for (const [index, comparison] of compareToControl(variants).entries()) {
        if (fromRows[index].difference === null) expect(comparison.difference).toBeNull();
        else {
          expect(comparison.difference!.low).toBeCloseTo(fromRows[index].difference!.low, 10);
          expect(comparison.difference!.high).toBeCloseTo(fromRows[index].difference!.high, 10);
        }
      }
      expect(await getQueueByDay(days)).toEqual(await fullScan(client, FULL_SCAN.queueByDay, days));
    }
    expect(await countByStatus()).toEqual(await fullScan(client, FULL_SCAN.statusTotals));
    expect(await getCacheSizeByTarget()).toEqual(await fullScan(client, FULL_SCAN.cacheSizeByTarget));
    const hourStart = '2031-03-09 07:00:00';
    expect(await getCacheSplitAround(hourStart)).toEqual(
      (await fullScan(client, FULL_SCAN.cacheSplitAround, undefined, hourStart))[0],
    );
    expect(await findTopKeys(20)).toEqual(await fullScan(client, FULL_SCAN.topKeys, undefined, 20));
  });
}

// Other files' rows share the tables: the first build may count thousands of hours on a busy machine.
describe('insights rollups against the raw rows', { timeout: 90_000 }, () => {
  beforeAll(async () => {
    await clearRollups();
    await withClient(async (client) => {
      for (const [day, n] of [
        ['2031-03-07', 400],
        ['2031-03-08', 500],
        ['2031-03-09', 700],
      ] as const)
        await insertDay(client, day, n, day);
      // Today (in the test's clock) up to a few seconds ago.
      await insertDay(client, '2031-03-10', 300, '2031-03-10');
      // Rows at 'infinity' (a cache entry that never expires): left out of every figure, and no walk runs away on them.
      await sql(
        `INSERT INTO cache_metadata (cache_key, target, expires_at, hit_count) VALUES ('r-never', 'render', 'infinity', 99999)`,
      );
      await sql(
        `INSERT INTO scheduled_content (content_id, channel, scheduled_time) VALUES ('r-never', 'email', '-infinity')`,
      );
    });
  });

  it('equal after the first build, today from the watermark and the tail', async () => {
    await settle();
    const status = await getRollupStatus('content_audit');
    expect(status.state).toBe('current');
    expect(status.daysLeft).toBe(0);
    await expectFiguresEqualFullScan();
    // The closed days' percentiles are exact, today's from the histogram.
    const generation = await getGenerationByChannelAndDay(TEST_DAYS);
    expect(generation.filter((row) => row.day < '2031-03-10').every((row) => row.percentiles === 'exact')).toBe(true);
    expect(generation.filter((row) => row.day === '2031-03-10').every((row) => row.percentiles === 'approximate')).toBe(
      true,
    );
  });

  it('counts a row dated ahead of the clock once its time has come, not before', async () => {
    await sql(
      `INSERT INTO content_audit (content_id, operation, "timestamp") VALUES ('r-future', 'edit', '2031-03-11 00:00:30')`,
    );
    clock = '2031-03-10 23:59:45';
    await cycle();
    expect(await countRowsInRange('content_audit', { from: '2031-03-11', to: '2031-03-11' })).toBe(0);
  });

  it('seals a tail a count confirms without reading it again, and reads it again when a row arrived in it late', async () => {
    clock = '2031-03-10 23:59:46';
    await cycle();
    // The tail read at 23:59:46 has aged past the 15 s window and nothing arrived in it: sealed as it is, all three.
    clock = '2031-03-11 00:00:01';
    expect((await cycle()).confirmedTails).toBe(3);
    // A row committed now but dated inside the stored tail: the count differs, and that table's tail is read again.
    await sql(
      `INSERT INTO content_audit (content_id, operation, "timestamp") VALUES ('r-late-tail', 'edit', '2031-03-10 23:59:55')`,
    );
    clock = '2031-03-11 00:00:16';
    expect((await cycle()).confirmedTails).toBe(2);
    // The days before the row dated ahead of the clock (00:00:30), which is not counted yet.
    const days = { from: TEST_DAYS.from, to: '2031-03-10' };
    await withClient(async (client) => {
      expect(await getOperationsByDay(days)).toEqual(await fullScan(client, FULL_SCAN.operationsByDay, days));
    });
  });

  it('equal across the day boundary, with a row late inside the window and one late beyond it', async () => {
    // Inside the window: the tail re-read counts it. Beyond: the day's whole count after it closes does.
    await sql(
      `INSERT INTO content_audit (content_id, operation, "timestamp") VALUES ('r-late-window', 'edit', '2031-03-10 23:59:20'), ('r-late-old', 'edit', '2031-03-10 12:00:00')`,
    );
    clock = '2031-03-11 00:00:40';
    await settle();
    await expectFiguresEqualFullScan();
    const generation = await getGenerationByChannelAndDay(TEST_DAYS);
    expect(generation.filter((row) => row.day === '2031-03-10').every((row) => row.percentiles === 'exact')).toBe(true);
  });

  it('equal after late rows into a closed day and deletes, once the rotation has verified the days', async () => {
    await sql(
      `INSERT INTO content_metrics (content_id, channel, generation_time_ms, created_at) VALUES ('r-late-closed', 'email', 99999, '2031-03-08 12:00:00')`,
    );
    await sql(`DELETE FROM content_audit WHERE content_id LIKE 'r-2031-03-09-%' AND operation = 'edit'`);
    await sql(`DELETE FROM ab_test_results WHERE "timestamp" >= '2031-03-07' AND "timestamp" < '2031-03-08'`);
    await sql(
      `UPDATE scheduled_content SET status = 'published' WHERE content_id LIKE 'r-2031-03-08-%' AND status = 'pending'`,
    );
    await sql(`UPDATE cache_metadata SET hit_count = 5000 WHERE cache_key = 'r-2031-03-09-7'`);
    await sql(`DELETE FROM cache_metadata WHERE cache_key LIKE 'r-2031-03-07-%'`);
    clock = '2031-03-11 00:05:00';
    // One cycle verifies (and marks the wrong days), the next counts them whole.
    await settle();
    await settle();
    await expectFiguresEqualFullScan();
    expect((await findTopKeys(1))[0]).toMatchObject({ cacheKey: 'r-2031-03-09-7', hitCount: 5000 });
  });

  it('equal after a row written late into today, behind the watermark (found by verifying the open day)', async () => {
    await sql(
      `INSERT INTO content_audit (content_id, operation, "timestamp") VALUES ('r-late-today', 'edit', '2031-03-11 00:00:50')`,
    );
    clock = '2031-03-11 00:05:30';
    await settle();
    await expectFiguresEqualFullScan();
    expect(
      (await getOperationsByDay({ from: '2031-03-11', to: '2031-03-11' })).find((row) => row.operation === 'edit')
        ?.count,
    ).toBe(2);
  });

  it('a day whose rows are all deleted disappears from the rollups', async () => {
    await sql(`DELETE FROM content_audit WHERE "timestamp" >= '2031-03-07' AND "timestamp" < '2031-03-08'`);
    clock = '2031-03-11 00:06:00';
    await settle();
    await settle();
    expect((await getOperationsByDay({ from: '2031-03-07', to: '2031-03-07' })).length).toBe(0);
    await expectFiguresEqualFullScan();
  });

  it('equal when the upkeep reads a dense slot in pieces (a cold disk: every row costly)', async () => {
    // 300 queue items and cache entries in one ten-minute slot: counted whole once by the build, then re-counted in
    // steps of a few minutes each, whose pieces hold the same keys and are merged when the slot is written.
    await withClient(async (client) => {
      await client.query(
        `INSERT INTO scheduled_content (content_id, channel, scheduled_time, status)
         SELECT 'r-dense-' || g, 'email', '2031-03-09 09:00'::timestamp + g * interval '2 seconds', (ARRAY['pending','failed','published'])[1 + g % 3]
         FROM generate_series(0, 299) g`,
      );
      await client.query(
        `INSERT INTO cache_metadata (cache_key, target, expires_at, size_bytes, hit_count)
         SELECT 'r-dense-' || g, (ARRAY['render','template'])[1 + g % 2], '2031-03-09 09:00'::timestamp + g * interval '2 seconds', 10 + g, g
         FROM generate_series(0, 299) g`,
      );
    });
    clock = '2031-03-11 00:06:30';
    await settle();
    await sql(
      `UPDATE scheduled_content SET status = 'cancelled' WHERE content_id LIKE 'r-dense-%' AND status = 'pending'`,
    );
    await sql(`UPDATE cache_metadata SET hit_count = hit_count + 1000 WHERE cache_key LIKE 'r-dense-%'`);
    // A millisecond a row: a step of the dense slot affords a minute or two of it, however large the budget.
    let steps = 0;
    let sweeps = 0;
    for (const table of ['scheduled_content', 'cache_metadata'] as const) memory.upkeepMsPerRow.set(table, 1_000);
    const counting = cycle;
    await settle(async () => {
      const report = await counting();
      steps += report.upkeepSteps;
      sweeps += report.completedSweeps;
      return report;
    });
    expect(steps).toBeGreaterThan(sweeps);
    await expectFiguresEqualFullScan();
  });
});

describe('stopping a table’s insights', { timeout: 90_000 }, () => {
  it('reads nothing of a stopped table, audits the stop, and catches up on resume', async () => {
    const operator = { id: null, email: 'stopper@example.com' };
    await applyRollupsStopped(operator, 'content_audit', true);
    await sql(
      `INSERT INTO content_audit (content_id, operation, "timestamp") VALUES ('r-while-stopped', 'edit', '2031-03-11 00:06:10')`,
    );
    clock = '2031-03-11 00:07:00';
    const before = await countRowsInRange('content_audit', TEST_DAYS);
    const report = await cycle();
    expect(report.errors).toEqual({});
    expect(await countRowsInRange('content_audit', TEST_DAYS)).toBe(before);
    expect((await getRollupStatus('content_audit')).state).toBe('stopped');
    const [event] = await getPrisma().auditEvent.findMany({
      where: { target: 'insights:content_audit' },
      orderBy: { id: 'desc' },
      take: 1,
    });
    expect(event).toMatchObject({ action: 'insights.stop', actorEmail: operator.email, after: { stopped: true } });

    await applyRollupsStopped(operator, 'content_audit', false);
    await settle();
    expect(await countRowsInRange('content_audit', TEST_DAYS)).toBe(before + 1);
    expect((await getRollupStatus('content_audit')).state).toBe('current');
    await expectFiguresEqualFullScan();
  });

  it('catches up after a stop of hours, its old tail counted once', async () => {
    const operator = { id: null, email: 'stopper@example.com' };
    await applyRollupsStopped(operator, 'ab_test_results', true);
    await sql(
      `INSERT INTO ab_test_results (test_id, variant_id, metric_name, metric_value, "timestamp")
       SELECT 'rollup-t0', (ARRAY['control','variant_a','variant_b'])[1 + g % 3], 'ctr', g / 100.0, '2031-03-11 01:00'::timestamp + g * interval '1 minute'
       FROM generate_series(0, 299) g`,
    );
    clock = '2031-03-11 09:00:00';
    await cycle();
    await applyRollupsStopped(operator, 'ab_test_results', false);
    await settle();
    await expectFiguresEqualFullScan();
  });
});
