/**
 * The statement history on a real server: a known number of calls between two reads is read back exactly; a reset
 * of all statistics and the removal of one entry in the middle neither go negative nor count twice; the interval
 * keeps the top statements and one row for the rest; hours roll up to the sums of their minutes; old days are
 * retired by dropping their partitions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPrisma } from '@/lib/db';
import { withTarget } from '@/lib/pg/client';
import type { Target } from '@/lib/targets/registry';
import { listPartitions } from '@/lib/workload/day-partitions';
import { partitionName } from '@/lib/workload/partition-names';
import { collectStatementInterval, createTargetMemory } from '@/lib/workload/statements/statement-task';
import {
  findStatementDetail,
  loadStatementSeries,
  loadTimeSeries,
  rankStatementsInWindow,
} from '@/lib/workload/statements/history';
import { sumFigures, type StatementFigures } from '@/lib/workload/statements/figures';
import { retireStatementHistory, rollUpHours, writeInterval } from '@/lib/workload/statements/store';
import { sqlValue, withClient } from '../support/sql';
import { testTarget } from '../support/targets';

const TARGET = 'history-test';
const OPTIONS = { intervalSeconds: 60, top: 200 };

/** A statement's figures over an interval: `calls` calls of `ms` each, a row each, the rest zero unless given. */
const figuresOf = (calls: number, ms: number, more: Partial<StatementFigures> = {}): StatementFigures => ({
  ...sumFigures([]),
  walBytes: 0,
  calls,
  totalMs: calls * ms,
  rows: calls,
  ...more,
});

async function runProbe(times: number): Promise<void> {
  await withClient(async (client) => {
    for (let i = 0; i < times; i++)
      await client.query('SELECT count(*) FROM statement_history_probe WHERE id = $1', [i]);
  });
}

async function probeQueryId(): Promise<string> {
  return sqlValue<string>(
    `SELECT queryid::text FROM pg_stat_statements WHERE query LIKE '%FROM statement_history_probe WHERE id = $1%' LIMIT 1`,
  );
}

/** Calls stored for the probe in the target's newest interval. */
async function storedProbeCalls(queryId: string, target = TARGET): Promise<number | null> {
  const rows = await getPrisma().$queryRaw<{ calls: bigint; sampled_at: Date }[]>`
    SELECT calls, sampled_at FROM console.statement_minute
    WHERE target = ${target} AND queryid = ${queryId}::bigint
      AND sampled_at = (SELECT max(sampled_at) FROM console.statement_interval WHERE target = ${target})`;
  return rows.length ? Number(rows[0].calls) : null;
}

/** The target's stored intervals, oldest first. */
async function intervalsOf(target: string): Promise<Date[]> {
  const rows = await getPrisma().$queryRaw<{ sampled_at: Date }[]>`
    SELECT sampled_at FROM console.statement_interval WHERE target = ${target} ORDER BY sampled_at`;
  return rows.map((row) => row.sampled_at);
}

/** How many times the console has run the batched interval write (as pg_stat_statements counts it). */
const intervalWrites = () =>
  sqlValue<number>(
    `SELECT coalesce(sum(calls), 0)::int FROM pg_stat_statements
     WHERE query LIKE '%INSERT INTO console.statement_interval%' AND query LIKE '%measured_from%'
       AND query NOT LIKE '%pg_stat_statements%'`,
  );

beforeAll(async () => {
  await withClient((client) => client.query('CREATE TABLE IF NOT EXISTS statement_history_probe (id int PRIMARY KEY)'));
  await runProbe(1);
});

afterAll(async () => {
  await withClient((client) => client.query('DROP TABLE IF EXISTS statement_history_probe'));
});

describe('statement history', () => {
  it('stores exactly the calls made between two reads, with the text fetched once', async () => {
    const memory = createTargetMemory();
    expect(await collectStatementInterval(TARGET, memory, OPTIONS)).toEqual({ kind: 'baseline', reason: 'first' });
    await runProbe(37);
    const outcome = await collectStatementInterval(TARGET, memory, OPTIONS);
    expect(outcome.kind).toBe('interval');
    const queryId = await probeQueryId();
    expect(await storedProbeCalls(queryId)).toBe(37);
    const text = await getPrisma().$queryRaw<{ query: string }[]>`
      SELECT query FROM console.statement_text WHERE target = ${TARGET} AND queryid = ${queryId}::bigint`;
    expect(text[0].query).toContain('FROM statement_history_probe WHERE id = $1');
    // Nothing ran: the probe has no row in the next interval.
    await collectStatementInterval(TARGET, memory, OPTIONS);
    expect(await storedProbeCalls(queryId)).toBeNull();
  });

  it("stores a utility statement's text without its literals (a password stays on the server)", async () => {
    const memory = createTargetMemory();
    await collectStatementInterval(TARGET, memory, OPTIONS);
    await withClient(async (client) => {
      await client.query('DROP ROLE IF EXISTS history_secret_probe');
      await client.query(`CREATE ROLE history_secret_probe PASSWORD 'hunter2-secret'`);
      await client.query('DROP ROLE history_secret_probe');
    });
    await collectStatementInterval(TARGET, memory, OPTIONS);
    const texts = await getPrisma().$queryRaw<{ query: string }[]>`
      SELECT query FROM console.statement_text WHERE target = ${TARGET} AND query LIKE '%history_secret_probe%'`;
    expect(texts.map((row) => row.query)).toContain('CREATE ROLE history_secret_probe PASSWORD ?');
    expect(JSON.stringify(texts)).not.toContain('hunter2');
  });

  it('counts from zero after a reset of all statistics in the middle: no negative, no doubled delta', async () => {
    const memory = createTargetMemory();
    await runProbe(5);
    await collectStatementInterval(TARGET, memory, OPTIONS);
    await runProbe(3);
    await withClient((client) => client.query('SELECT pg_stat_statements_reset()'));
    await runProbe(4);
    const outcome = await collectStatementInterval(TARGET, memory, OPTIONS);
    expect(await storedProbeCalls(await probeQueryId())).toBe(4);
    expect(outcome).toMatchObject({ kind: 'interval' });
    await runProbe(2);
    await collectStatementInterval(TARGET, memory, OPTIONS);
    expect(await storedProbeCalls(await probeQueryId())).toBe(2);
  });

  it('counts an entry removed and entered again (as an eviction does) once', async () => {
    const memory = createTargetMemory();
    await runProbe(20);
    await collectStatementInterval(TARGET, memory, OPTIONS);
    const queryId = await probeQueryId();
    // pg_stat_statements_reset(userid, dbid, queryid) removes one entry, as eviction does; the next call enters it again.
    await withClient((client) => client.query('SELECT pg_stat_statements_reset(0, 0, $1::bigint)', [queryId]));
    await runProbe(6);
    const outcome = await collectStatementInterval(TARGET, memory, OPTIONS);
    expect(await storedProbeCalls(queryId)).toBe(6);
    expect(outcome.kind === 'interval' && outcome.restarted).toBeGreaterThanOrEqual(1);
  });

  it('starts a new baseline after a gap instead of storing a spike', async () => {
    const memory = createTargetMemory();
    await collectStatementInterval('gap-test', memory, OPTIONS);
    memory.previous = {
      ...memory.previous!,
      info: { ...memory.previous!.info, readAt: memory.previous!.info.readAt - 3600 },
    };
    await runProbe(9);
    expect(await collectStatementInterval('gap-test', memory, OPTIONS)).toEqual({ kind: 'baseline', reason: 'gap' });
  });

  it('starts a new baseline when another process stored intervals since its previous read (a leadership round trip)', async () => {
    const mine = createTargetMemory();
    await collectStatementInterval('handover-test', mine, OPTIONS);
    const other = createTargetMemory();
    await collectStatementInterval('handover-test', other, OPTIONS);
    await runProbe(4);
    expect((await collectStatementInterval('handover-test', other, OPTIONS)).kind).toBe('interval');
    // Back to the first process: its previous read is older than what the other one stored, so its interval would
    // count the other's again: refused, and this read is its new baseline.
    const storedBefore = await intervalsOf('handover-test');
    expect(await collectStatementInterval('handover-test', mine, OPTIONS)).toEqual({
      kind: 'baseline',
      reason: 'overlap',
    });
    expect(await intervalsOf('handover-test')).toEqual(storedBefore);
    await runProbe(2);
    expect((await collectStatementInterval('handover-test', mine, OPTIONS)).kind).toBe('interval');
    expect(await intervalsOf('handover-test')).toHaveLength(storedBefore.length + 1);
  });

  it("stores a tick's intervals of several targets in one statement, refusing only the one another process overlapped", async () => {
    const { readStatementInterval } = await import('@/lib/workload/statements/statement-task');
    const { writeIntervals } = await import('@/lib/workload/statements/store');
    const names = ['batch-a', 'batch-b', 'batch-c'];
    const memories = names.map(() => createTargetMemory());
    for (const [i, name] of names.entries()) await readStatementInterval(name, memories[i], OPTIONS);
    // Another process stores an interval of batch-c after this one's read of it; the probe runs 3 + 5 times since.
    const overlapping = createTargetMemory();
    await collectStatementInterval('batch-c', overlapping, OPTIONS);
    await runProbe(3);
    expect((await collectStatementInterval('batch-c', overlapping, OPTIONS)).kind).toBe('interval');
    await runProbe(5);
    const reads = [];
    for (const [i, name] of names.entries())
      reads.push((await readStatementInterval(name, memories[i], OPTIONS)).pending!);
    const writesBefore = await intervalWrites();
    expect(await writeIntervals(reads)).toEqual(new Set(['batch-a', 'batch-b']));
    expect((await intervalWrites()) - writesBefore).toBe(1);
    const queryId = await probeQueryId();
    for (const name of ['batch-a', 'batch-b']) expect(await storedProbeCalls(queryId, name), name).toBe(8);
    expect(await intervalsOf('batch-c')).toHaveLength(1);
    // The same batch again (a retry after a lost answer): nothing is stored twice.
    expect(await writeIntervals(reads)).toEqual(new Set());
  });

  it("as the collector's task: a tick's reads stored together after its visits; the rollup read once an hour, at the next visit", async () => {
    const { createStatementHistoryTask } = await import('@/lib/workload/statements/statement-task');
    const task = createStatementHistoryTask();
    const [a, b] = [testTarget('task-a'), testTarget('task-b')];
    const visit = (target: Target, at: Date) => withTarget(target, () => task.collect(target, at));
    const rollupReads = () =>
      sqlValue<number>(
        `SELECT coalesce(sum(calls), 0)::int FROM pg_stat_statements
         WHERE query LIKE '%rolled_through FROM console.statement_rollup%' AND query LIKE '%AS "newest"%'
           AND query NOT LIKE '%pg_stat_statements%'`,
      );
    const t0 = new Date();
    const later = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
    await Promise.all([visit(a, t0), visit(b, t0)]);
    await runProbe(6);
    await Promise.all([visit(a, later(60)), visit(b, later(60))]);
    // Read, not yet stored: the tick's write comes after its visits.
    expect([...(await intervalsOf('task-a')), ...(await intervalsOf('task-b'))]).toEqual([]);
    const writesBefore = await intervalWrites();
    await task.afterTick!(later(65));
    expect((await intervalWrites()) - writesBefore).toBe(1);
    expect(await storedProbeCalls(await probeQueryId(), 'task-a')).toBe(6);
    expect(await storedProbeCalls(await probeQueryId(), 'task-b')).toBe(6);
    // The stored interval's rollup check runs at the target's next visit, and only once until another hour completes.
    const rollupsBefore = await rollupReads();
    await visit(a, later(120));
    expect((await rollupReads()) - rollupsBefore).toBe(1);
    await task.afterTick!(later(125));
    await visit(a, later(180));
    expect((await rollupReads()) - rollupsBefore).toBe(1);
  });

  it('keeps the top statements by time and sums all others into one row', async () => {
    const memory = createTargetMemory();
    await collectStatementInterval(TARGET, memory, OPTIONS);
    await runProbe(3);
    await withClient((client) => client.query('SELECT pg_sleep(0.05)'));
    await collectStatementInterval(TARGET, memory, { ...OPTIONS, top: 1 });
    const rows = await getPrisma().$queryRaw<{ queryid: string | null; calls: bigint; total_ms: number }[]>`
      SELECT queryid::text, calls, total_ms FROM console.statement_minute
      WHERE target = ${TARGET} AND sampled_at = (SELECT max(sampled_at) FROM console.statement_interval WHERE target = ${TARGET})
      ORDER BY queryid NULLS LAST`;
    expect(rows).toHaveLength(2);
    expect(rows[1].queryid).toBeNull();
    expect(rows[0].total_ms).toBeGreaterThanOrEqual(50);
    // The "others" row holds at least the probe's three calls.
    expect(Number(rows[1].calls)).toBeGreaterThanOrEqual(3);
  });

  it('rolls whole hours up to the sums of their intervals', async () => {
    const target = 'rollup-test';
    const hour = new Date(Date.UTC(2026, 10, 20, 7));
    const figures = (calls: number) =>
      figuresOf(calls, 2, { sharedBlksHit: 1, sharedBlksRead: 1, blkIoMs: 0.5, walBytes: 10 });
    const key = { queryId: '42', userId: 10, dbId: 1, toplevel: true };
    for (const [minute, calls] of [
      [1, 3],
      [30, 4],
      [60, 5],
      [61, 100],
    ] as const) {
      await writeInterval({
        target,
        sampledAt: new Date(hour.getTime() + minute * 60_000),
        seconds: 60,
        entries: 1,
        evicted: 0,
        restarted: 0,
        kept: [{ ...key, ...figures(calls) }],
        others: figures(1),
      });
    }
    const later = new Date(hour.getTime() + 2 * 3_600_000 + 5 * 60_000);
    // 08:00–09:00 is not complete until an interval after it is stored (by the watched server's clock).
    expect(await rollUpHours(target, later)).toBe(1);
    await writeInterval({
      target,
      sampledAt: new Date(hour.getTime() + 121 * 60_000),
      seconds: 60,
      entries: 0,
      evicted: 0,
      restarted: 0,
      kept: [],
      others: null,
    });
    expect(await rollUpHours(target, later)).toBe(1);
    const rows = await getPrisma().$queryRaw<
      { hour: Date; queryid: string | null; calls: bigint; wal_bytes: bigint }[]
    >`
      SELECT hour, queryid::text, calls, wal_bytes FROM console.statement_hour WHERE target = ${target} ORDER BY hour, queryid NULLS LAST`;
    // 07:01, 07:30 and 08:00 belong to the hour that starts at 07:00 (an interval ends in it); 08:01 to the next.
    expect(rows.map((row) => [row.hour.toISOString(), row.queryid, Number(row.calls)])).toEqual([
      ['2026-11-20T07:00:00.000Z', '42', 12],
      ['2026-11-20T07:00:00.000Z', null, 3],
      ['2026-11-20T08:00:00.000Z', '42', 100],
      ['2026-11-20T08:00:00.000Z', null, 1],
    ]);
    // Rolled through: nothing is summed twice.
    expect(await rollUpHours(target, later)).toBe(0);
  });

  it("keeps an hour's top statements and sums the rest into its others row", async () => {
    const target = 'rollup-top-test';
    const hour = new Date(Date.UTC(2026, 10, 21, 7));
    const figures = (calls: number) => figuresOf(calls, 1);
    const row = (queryId: string, calls: number) => ({
      queryId,
      userId: 10,
      dbId: 1,
      toplevel: true,
      ...figures(calls),
    });
    // Statements take turns at the top of the minutes: 1 and 2 at 07:10, 2 and 3 at 07:20, each keeping two.
    for (const [minute, kept] of [
      [10, [row('1', 5), row('2', 9)]],
      [20, [row('2', 9), row('3', 4)]],
    ] as const)
      await writeInterval({
        target,
        sampledAt: new Date(hour.getTime() + minute * 60_000),
        seconds: 60,
        entries: 3,
        evicted: 0,
        restarted: 0,
        kept,
        others: figures(1),
      });
    // An interval after the hour, so the hour is complete.
    await writeInterval({
      target,
      sampledAt: new Date(hour.getTime() + 65 * 60_000),
      seconds: 60,
      entries: 0,
      evicted: 0,
      restarted: 0,
      kept: [],
      others: null,
    });
    await rollUpHours(target, new Date(hour.getTime() + 3 * 3_600_000), { top: 2 });
    const rows = await getPrisma().$queryRaw<{ queryid: string | null; calls: number }[]>`
      SELECT queryid::text, calls::float8 AS calls FROM console.statement_hour WHERE target = ${target}
      ORDER BY queryid NULLS LAST`;
    // 2 (18 calls) and 1 (5) are kept; 3 (4) joins the minutes' own others (1 + 1).
    expect(rows.map((r) => [r.queryid, r.calls])).toEqual([
      ['1', 5],
      ['2', 18],
      [null, 6],
    ]);
  });

  it('retires old minute rows by dropping their day partitions, keeping the recent ones', async () => {
    const now = new Date();
    const old = new Date(now.getTime() - 20 * 86_400_000);
    const older = new Date(now.getTime() - 100 * 86_400_000);
    for (const sampledAt of [older, old, now])
      await writeInterval({
        target: 'retention-test',
        sampledAt,
        seconds: 60,
        entries: 0,
        evicted: null,
        restarted: 0,
        kept: [],
        others: null,
      });
    expect(await listPartitions('statement_minute')).toContain(partitionName('statement_minute', old));
    const dropped = await retireStatementHistory(14, 90, now);
    expect(dropped).toContain(partitionName('statement_minute', old));
    const partitions = await listPartitions('statement_minute');
    expect(partitions).not.toContain(partitionName('statement_minute', old));
    expect(partitions).toContain(partitionName('statement_minute', now));
    // Intervals are kept as long as the hourly rollups (90 days): the charts' record of what was collected.
    const intervals = await sqlValue<string>(
      `SELECT string_agg((extract(epoch FROM sampled_at) * 1000)::bigint::text, ',' ORDER BY sampled_at)
       FROM console.statement_interval WHERE target = 'retention-test'`,
    );
    expect(intervals.split(',').map(Number)).toEqual([old.getTime(), now.getTime()]);
  });
});

describe('statement history reads', () => {
  const target = 'reads-test';
  const start = new Date(Date.UTC(2026, 10, 10, 0));
  const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);

  beforeAll(async () => {
    // Eight hours of one-minute intervals; statement i runs i + 1 times a minute at (i + 1) ms a call, so every
    // order has one answer. Statement 7 is left to "all others" (top 6).
    const figures = (calls: number, ms: number) =>
      figuresOf(calls, ms, {
        sharedBlksHit: calls,
        sharedBlksRead: 1,
        tempBlksWritten: Math.ceil(ms),
        blkIoMs: ms / 10,
      });
    for (let minute = 1; minute <= 8 * 60; minute++) {
      await writeInterval({
        target,
        sampledAt: at(minute),
        seconds: 60,
        entries: 8,
        evicted: 0,
        restarted: 0,
        kept: Array.from({ length: 6 }, (_, i) => ({
          queryId: String(100 + i),
          userId: 10,
          dbId: 1,
          toplevel: true,
          ...figures(i + 1, i + 1),
        })),
        others: figures(1, 0.5),
      });
    }
    await rollUpHours(target, at(8 * 60 + 10));
  });

  it('ranks a long window from hours and its edges from minutes, equal to the sums of the minute rows', async () => {
    const window = { from: at(25), to: at(7 * 60 + 50), range: null };
    const ranking = await rankStatementsInWindow(target, window, 'total');
    const expected = await getPrisma().$queryRaw<{ queryid: string; calls: number; total_ms: number }[]>`
      SELECT queryid::text, sum(calls)::float8 AS calls, sum(total_ms)::float8 AS total_ms
      FROM console.statement_minute
      WHERE target = ${target} AND sampled_at > ${window.from} AND sampled_at <= ${window.to} AND queryid IS NOT NULL
      GROUP BY queryid ORDER BY sum(total_ms) DESC`;
    expect(ranking.rows.map((row) => [row.queryId, row.calls, row.totalMs])).toEqual(
      expected.map((row) => [row.queryid, row.calls, row.total_ms]),
    );
    expect(ranking.rows[0]).toMatchObject({ queryId: '105', meanMs: 6 });
    expect(ranking.totals.othersCalls).toBe((7 * 60 + 50 - 25) * 1);
    const series = await loadTimeSeries(target, window, ['105'], true);
    const summed = series.series['105'].reduce<number>((sum, value) => sum + (value ?? 0) * series.bucketSeconds, 0);
    // Collected throughout: no bucket is a gap.
    expect(series.series['105'].includes(null)).toBe(false);
    expect(summed).toBeCloseTo(ranking.rows[0].totalMs, 6);
  });

  it('pages through the ranking by keyset, every statement once, in order', async () => {
    const window = { from: at(0), to: at(8 * 60), range: null };
    const seen: string[] = [];
    let cursor = null;
    do {
      const page: Awaited<ReturnType<typeof rankStatementsInWindow>> = await rankStatementsInWindow(
        target,
        window,
        'calls',
        cursor,
        4,
      );
      seen.push(...page.rows.map((row) => row.queryId));
      cursor = page.next;
    } while (cursor);
    expect(seen).toEqual(['105', '104', '103', '102', '101', '100']);
  });

  it("reads one statement's series and its first and last runs", async () => {
    const window = { from: at(0), to: at(60), range: null };
    const { points } = await loadStatementSeries(target, window, '102');
    expect(points).toHaveLength(60);
    expect(points.every((point) => point.callsPerSecond === 3 / 60 && point.meanMs === 3)).toBe(true);
    const detail = await findStatementDetail(target, '102');
    expect(detail?.lastSeen?.toISOString()).toBe(at(8 * 60).toISOString());
    expect(await findStatementDetail(target, '999')).toBeNull();
  });
});

describe('statement history: what was not collected, and evictions', () => {
  const target = 'coverage-test';
  const start = new Date(Date.UTC(2026, 10, 12, 0));
  const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
  const figures = (calls: number) => figuresOf(calls, 3, { sharedBlksHit: calls });
  const interval = (minute: number, seconds: number, calls: number, evicted = 0) =>
    writeInterval({
      target,
      sampledAt: at(minute),
      seconds,
      entries: 5000,
      evicted,
      restarted: 0,
      kept: calls ? [{ queryId: '500', userId: 10, dbId: 1, toplevel: true, ...figures(calls) }] : [],
      others: figures(1),
    });

  beforeAll(async () => {
    // 00:00–00:20 collected, the statement running twice a minute for ten minutes, then idle; the collector stopped
    // at 00:20 and came back at 00:39 (its first read a new baseline, its first interval ending at 00:40); from then
    // on once a minute, with pg_stat_statements evicting 37 entries in the interval ending 00:50 and 5 at 00:51.
    for (let minute = 1; minute <= 20; minute++) await interval(minute, 60, minute <= 10 ? 2 : 0);
    for (let minute = 40; minute <= 60; minute++)
      await interval(minute, 60, 1, minute === 50 ? 37 : minute === 51 ? 5 : 0);
  });

  /**
   * Per minute bucket of [00:00, 01:00): statement 500's `column` per second (calls or total_ms), null when no stored
   * interval overlaps the bucket — in SQL.
   */
  async function expectedPerSecond(column: 'calls' | 'total_ms'): Promise<(number | null)[]> {
    const { rows } = await withClient((client) =>
      client.query(
        `SELECT (SELECT sum(m.${column}) FROM console.statement_minute m
                 WHERE m.target = $1 AND m.queryid = 500 AND m.sampled_at > b AND m.sampled_at <= b + interval '1 minute'
                )::float8 / 60 AS value,
           EXISTS (SELECT 1 FROM console.statement_interval v
                   WHERE v.target = $1 AND v.sampled_at > b
                     AND v.sampled_at - v.seconds * interval '1 second' < b + interval '1 minute') AS collected
         FROM generate_series($2::timestamptz, $2::timestamptz + interval '59 minutes', interval '1 minute') AS b
         ORDER BY b`,
        [target, start],
      ),
    );
    return rows.map((row: { value: number | null; collected: boolean }) => (row.collected ? (row.value ?? 0) : null));
  }

  it('leaves the buckets nothing was collected for null, and those collected while idle at 0', async () => {
    const window = { from: at(0), to: at(60), range: null };
    const { points, coverage } = await loadStatementSeries(target, window, '500');
    const calls = points.map((point) => point.callsPerSecond);
    expect(calls).toEqual(await expectedPerSecond('calls'));
    expect(calls.slice(0, 10).every((value) => value === 2 / 60)).toBe(true);
    expect(calls.slice(10, 20)).toEqual(Array(10).fill(0));
    expect(calls.slice(20, 39)).toEqual(Array(19).fill(null));
    expect(calls.slice(39)).toEqual(Array(21).fill(1 / 60));
    // The stretch no interval covers, from the stored intervals in SQL.
    const holes = await withClient((client) =>
      client.query(
        `SELECT (extract(epoch FROM previous) * 1000)::float8 AS "from",
           (extract(epoch FROM sampled_at - seconds * interval '1 second') * 1000)::float8 AS "to"
         FROM (SELECT *, lag(sampled_at) OVER (ORDER BY sampled_at) AS previous
               FROM console.statement_interval WHERE target = $1) i
         WHERE sampled_at - seconds * interval '1 second' > previous`,
        [target],
      ),
    );
    expect(coverage.gaps).toEqual(holes.rows);
    expect(coverage.gaps).toEqual([{ from: at(20).getTime(), to: at(39).getTime() }]);
  });

  it('reports each bucket with evictions and its count, as stored', async () => {
    const window = { from: at(0), to: at(60), range: null };
    const series = await loadTimeSeries(target, window, ['500'], true);
    const stored = await withClient((client) =>
      client.query(
        `SELECT (extract(epoch FROM sampled_at - interval '1 minute') * 1000)::float8 AS "from",
           (extract(epoch FROM sampled_at) * 1000)::float8 AS "to", evicted::float8 AS evicted, entries::float8 AS entries
         FROM console.statement_interval WHERE target = $1 AND evicted > 0 ORDER BY sampled_at`,
        [target],
      ),
    );
    expect(series.coverage.evictions).toEqual(stored.rows);
    expect(series.coverage.evictions.map((bucket) => bucket.evicted)).toEqual([37, 5]);
    // The chart's series: the same gap, the idle minutes at 0, "all others" likewise.
    expect(series.series['500']).toEqual(await expectedPerSecond('total_ms'));
    expect(series.series.other.slice(20, 39)).toEqual(Array(19).fill(null));
    expect(series.series.other.slice(10, 20)).toEqual(Array(10).fill((1 * 3) / 60));
  });

  it('finds the gap in a long window read from hourly rollups', async () => {
    const long = 'coverage-long-test';
    const hourAt = (hours: number) => new Date(start.getTime() + hours * 3_600_000);
    // Ten-minute intervals 00:00–02:00 and 05:00–07:10; nothing 02:00–05:00.
    for (let minute = 10; minute <= 7 * 60 + 10; minute += 10) {
      if (minute > 120 && minute <= 300) continue;
      await writeInterval({
        target: long,
        sampledAt: at(minute),
        seconds: 600,
        entries: 10,
        evicted: null,
        restarted: 0,
        kept: [{ queryId: '600', userId: 10, dbId: 1, toplevel: true, ...figures(6) }],
        others: null,
      });
    }
    await rollUpHours(long, hourAt(8));
    const window = { from: hourAt(0), to: hourAt(7), range: null };
    const { points, bucketSeconds, coverage } = await loadStatementSeries(long, window, '600');
    expect(bucketSeconds).toBe(3600);
    expect(coverage.gaps).toEqual([{ from: hourAt(2).getTime(), to: hourAt(5).getTime() }]);
    // Hours 02–05 not collected; the others 36 calls an hour (hour rows inside, minute rows at the edges).
    expect(points.map((point) => (point.callsPerSecond === null ? null : point.callsPerSecond * 3600))).toEqual([
      36,
      36,
      null,
      null,
      null,
      36,
      36,
    ]);
  });
});
