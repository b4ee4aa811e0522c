/**
 * The statement history's costs (issue 16, "Cost, measured"), each beside its baseline measured in the same run:
 *  1. one collector cycle (collectStatementInterval) on a watched server holding N distinct statements (target
 *     ≤ 100 ms of query time), beside one bare `SELECT * FROM pg_stat_statements(false)`; and the share of one core
 *     the cycle and the activity sample take at the default intervals (target ≤ 1 %);
 *  2. storage per target per day at the defaults with N active statements (target < 50 MB): a simulated day written
 *     through writeInterval and rolled up, measured per relation;
 *  3. what /queries runs for a window (ranking + sparklines, and the chart's top four + series, in parallel as the
 *     page does) at 14 days of history for N statements (target ≤ 300 ms), beside a naive GROUP BY over the
 *     window's minute rows; and a page deep in the ranking at 2N statements (target ≤ 1 s) beside OFFSET paging.
 * The console store is a database of its own on the same server (CONSOLE_DATABASE_URL), so pg_stat_statements tells
 * the watched database's reads (dbid) from the store's writes; the workload runs as another role (userid).
 * Usage: npx tsx --conditions=react-server bench/statement-history.ts [statements] [cycles] [days] [deep statements]
 *   (defaults 5000 20 14 10000: about 5 minutes on two cores)
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { applyMigrations } from '../tests/support/migrate';
import { measure, ms, percentile, withBenchPostgres, withClient } from './support';

const statements = Number(process.argv[2] ?? 5_000);
const cycles = Number(process.argv[3] ?? 20);
const days = Number(process.argv[4] ?? 14);
const deepStatements = Number(process.argv[5] ?? 10_000);

const TOP = 200;
/** Of each interval's top 200: statements always among them, and the rest taken in turn from the tail. */
const STEADY = 120;
const INTERVAL_SECONDS = 60;
const ACTIVITY_SECONDS = 5;
/** Workload calls between two cycles, skewed so a few statements run often and most rarely. */
const CALLS_PER_CYCLE = 3_000;
const TABLES = 100;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const MB = 2 ** 20;

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const spread = (values: number[]) =>
  `mean ${ms(mean(values))}, p95 ${ms(percentile(values, 95))}, max ${ms(Math.max(...values))}`;
const count = (value: number) => Math.round(value).toLocaleString('en');

/** A plausible signed 64-bit queryid for statement k of a simulated workload. */
function queryIdOf(k: number): string {
  return BigInt.asIntN(64, createHash('md5').update(`statement ${k}`).digest().readBigUInt64BE(0)).toString();
}

/** SQL for the same queryid inside PostgreSQL (k an SQL expression). */
const sqlQueryId = (k: string) => `('x' || substr(md5('statement ' || (${k})::text), 1, 16))::bit(64)::bigint`;

/** Statement k of the interval at minute m: STEADY always, the others in turn from the tail (all seen within a day). */
const sqlStatementOf = (m: string, j: string, total: number) =>
  `CASE WHEN ${j} < ${STEADY} THEN ${j} ELSE ${STEADY} + ((${m}) * ${TOP - STEADY} + ${j} - ${STEADY}) % ${total - STEADY} END`;

/** A text of a realistic length (a few hundred bytes, some several kilobytes: ORMs list every column). */
function textOf(k: number): string {
  const columns = 3 + ((k * 7919) % 97 < 90 ? k % 12 : 40 + (k % 80));
  const list = Array.from({ length: columns }, (_, i) => `t.column_${(k + i) % 50} AS "column${i}"`).join(', ');
  return `SELECT ${list} FROM app.table_${k % 60} t WHERE t.tenant_id = $1 AND t.status = ANY($2) ORDER BY t.created_at DESC LIMIT $3 /* ${k} */`;
}

/** Statement shape s (0..49) of load table t: a column list and a filter column, so every one jumbles differently. */
function shapeOf(table: number, shape: number, value: number): string {
  const columns = ['a', 'b', 'c', 'd', 'e'];
  const subset = (shape % 31) + 1;
  const list = columns.filter((_, i) => subset & (1 << i)).join(', ');
  return `SELECT ${list} FROM load.t${table} WHERE ${shape < 31 ? 'a' : 'b'} = ${value}`;
}

const statementSql = (k: number, value: number) => shapeOf(k % TABLES, Math.floor(k / TABLES) % 50, value);

/** A sample of CALLS_PER_CYCLE statement numbers, skewed towards the low ones. */
function workloadBatch(total: number): number[] {
  return Array.from({ length: CALLS_PER_CYCLE }, () => Math.floor(total * Math.random() ** 2.5));
}

await withBenchPostgres(
  async (url) => {
    const started = performance.now();
    // ——— Setup: a console store of its own, a load role, N distinct statements ———
    await withClient(url, async (client) => {
      await client.query('CREATE DATABASE halcytone_console');
      await client.query(`CREATE ROLE bench_load LOGIN PASSWORD 'bench' IN ROLE pg_read_all_stats`);
      await client.query('CREATE SCHEMA load AUTHORIZATION bench_load');
    });
    const consoleUrl = url.replace(/\/[^/?]+\?/, '/halcytone_console?');
    applyMigrations(url, consoleUrl);
    const loadUrl = url.replace(/\/\/[^@]+@/, '//bench_load:bench@');
    process.env.DATABASE_URL = url;
    process.env.CONSOLE_DATABASE_URL = consoleUrl;
    process.env.PG_STATEMENT_TIMEOUT_MS = '600000';

    const load = new pg.Client({ connectionString: loadUrl, application_name: 'bench-load' });
    await load.connect();
    for (let t = 0; t < TABLES; t++)
      await load.query(
        `CREATE TABLE load.t${t} (a int, b int, c int, d int, e text);
         INSERT INTO load.t${t} SELECT g, g % 7, g % 11, g % 13, 'row ' || g FROM generate_series(1, 20) g`,
      );
    const runStatements = async (numbers: number[]) => {
      for (let i = 0; i < numbers.length; i += 500)
        await load.query(
          numbers
            .slice(i, i + 500)
            .map((k) => `${statementSql(k, 1 + (k % 20))};`)
            .join('\n'),
        );
    };
    await runStatements(Array.from({ length: statements }, (_, k) => k));
    const { rows: ids } = await load.query<{ watched: number; store: number; console: number; entries: number }>(
      `SELECT (SELECT oid::int FROM pg_database WHERE datname = current_database()) AS watched,
              (SELECT oid::int FROM pg_database WHERE datname = 'halcytone_console') AS store,
              (SELECT oid::int FROM pg_roles WHERE rolname = 'postgres') AS console,
              (SELECT count(*)::int FROM pg_stat_statements WHERE query LIKE '%FROM load.t%') AS entries`,
    );
    const { watched, store, console: consoleRole, entries } = ids[0];
    console.log(
      `setup: ${count(entries)} distinct statements on the watched server (${TABLES} tables × 50 shapes), ` +
        `console store in a database of its own (${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );

    /** Server execution time so far of the console's statements on the watched database, and on its store. */
    const serverMs = async () => {
      const { rows } = await load.query<{ watchedMs: number; storeMs: number }>(
        `SELECT coalesce(sum(total_exec_time) FILTER (WHERE dbid = $1), 0)::float8 AS "watchedMs",
                coalesce(sum(total_exec_time) FILTER (WHERE dbid = $2), 0)::float8 AS "storeMs"
         FROM pg_stat_statements WHERE userid = $3`,
        [watched, store, consoleRole],
      );
      return rows[0];
    };
    const cpuMs = () => {
      const usage = process.cpuUsage();
      return (usage.user + usage.system) / 1000;
    };

    // Imported after the environment is set: the modules read the configuration once.
    const { collectStatementInterval, createTargetMemory } = await import('../lib/workload/statements/statement-task');
    const { rankStatementsInWindow } = await import('../lib/workload/statements/history');
    const { rollUpHours, saveStatementTexts, writeInterval } = await import('../lib/workload/statements/store');
    const { ensureDayPartitions } = await import('../lib/workload/day-partitions');
    const { partitionName, startOfUtcDay } = await import('../lib/workload/partition-names');
    const { createActivityHistoryTask } = await import('../lib/workload/activity/activity-task');
    const { loadStatementWindow } = await import('../lib/workload/statements/load-window');
    const { execute } = await import('../lib/pg/client');
    const { getDatabaseConnection } = await import('../lib/env');
    const { getPrisma } = await import('../lib/db');
    const { keepTop } = await import('../lib/workload/statements/deltas');

    // ——— 1. One cycle on the watched server ———
    console.log(
      `\n1. One statement-history cycle, ${count(statements)} distinct statements, ${count(CALLS_PER_CYCLE)} calls between cycles`,
    );
    const memory = createTargetMemory();
    const clock = Date.now();
    await collectStatementInterval('primary', memory, { intervalSeconds: INTERVAL_SECONDS, top: TOP }, new Date(clock));
    const cycle: { watched: number; store: number; wall: number; cpu: number }[] = [];
    const bare: { server: number; wall: number }[] = [];
    console.log(
      `  ${'cycle'.padEnd(6)} ${'watched'.padStart(10)} ${'store'.padStart(10)} ${'wall'.padStart(10)} ${'console CPU'.padStart(12)} ${'kept'.padStart(5)} ${'texts'.padStart(6)}   ${'bare read'.padStart(10)}`,
    );
    for (let c = 1; c <= cycles; c++) {
      await runStatements(workloadBatch(statements));
      const known = memory.queryIds?.size ?? 0;
      const before = await serverMs();
      const [cpu0, wall0] = [cpuMs(), performance.now()];
      // The collector's clock a minute on each time: the regression check runs every fifth cycle, as in production.
      const outcome = await collectStatementInterval(
        'primary',
        memory,
        { intervalSeconds: INTERVAL_SECONDS, top: TOP },
        new Date(clock + c * INTERVAL_SECONDS * 1000),
      );
      const [wall, cpu] = [performance.now() - wall0, cpuMs() - cpu0];
      const after = await serverMs();
      const bareWall0 = performance.now();
      await execute('SELECT * FROM pg_stat_statements(false)');
      const bareWall = performance.now() - bareWall0;
      const afterBare = await serverMs();
      cycle.push({ watched: after.watchedMs - before.watchedMs, store: after.storeMs - before.storeMs, wall, cpu });
      bare.push({ server: afterBare.watchedMs - after.watchedMs, wall: bareWall });
      const kept = outcome.kind === 'interval' ? Math.min(TOP, outcome.deltas.length) : 0;
      const last = cycle.at(-1)!;
      console.log(
        `  ${String(c).padEnd(6)} ${ms(last.watched).padStart(10)} ${ms(last.store).padStart(10)} ${ms(wall).padStart(10)} ${ms(cpu).padStart(12)} ${String(kept).padStart(5)} ${String((memory.queryIds?.size ?? 0) - known).padStart(6)}   ${ms(bare.at(-1)!.server).padStart(10)}`,
      );
    }
    const watchedFigures = spread(cycle.map((c) => c.watched));
    const bareFigures = spread(bare.map((b) => b.server));
    console.log(`  watched server, the cycle:      ${watchedFigures}   target ≤ 100 ms`);
    console.log(`  baseline, bare read:            ${bareFigures}   (SELECT * FROM pg_stat_statements(false))`);
    console.log(`  console store, the cycle:       ${spread(cycle.map((c) => c.store))}`);
    console.log(`  wall time, the cycle:           ${spread(cycle.map((c) => c.wall))}`);
    console.log(`  console process CPU, the cycle: ${spread(cycle.map((c) => c.cpu))}`);
    console.log(
      '  (server times: pg_stat_statements total_exec_time of the console role, per database, before and after; ' +
        'execution only. kept: rows stored; texts: new texts fetched)',
    );

    // The activity sample every 5 s, at this bench's handful of connections (bench/activity-sample.ts: 200).
    const activity = createActivityHistoryTask();
    const target = { name: 'primary', connection: getDatabaseConnection(), source: 'database-url' as const };
    const samples: { server: number; cpu: number }[] = [];
    for (let i = 0; i < 60; i++) {
      const before = await serverMs();
      const cpu0 = cpuMs();
      await activity.collect(target, new Date(clock + i * ACTIVITY_SECONDS * 1000));
      const cpu = cpuMs() - cpu0;
      const after = await serverMs();
      if (i > 0) samples.push({ server: after.watchedMs - before.watchedMs + after.storeMs - before.storeMs, cpu });
    }
    const perMinute = (cost: number, every: number) => (cost * 60) / every;
    const statementCost = mean(cycle.map((c) => c.watched + c.store + c.cpu));
    const activityCost = mean(samples.map((s) => s.server + s.cpu));
    const share = (perMinute(statementCost, INTERVAL_SECONDS) + perMinute(activityCost, ACTIVITY_SECONDS)) / 600;
    console.log(
      `  activity sample (task.collect, ${samples.length} samples): server ${ms(mean(samples.map((s) => s.server)))}, console CPU ${ms(mean(samples.map((s) => s.cpu)))} mean`,
    );
    console.log(
      `  share of one core at the defaults: statements ${ms(statementCost)} every ${INTERVAL_SECONDS} s + activity ` +
        `${ms(activityCost)} every ${ACTIVITY_SECONDS} s = ${share.toFixed(2)} %   target ≤ 1 %`,
    );
    console.log(
      '  (cost = server execution on the watched database and the store + the console process CPU; server CPU ≤ execution time)',
    );

    // ——— 2. Storage per target per day ———
    console.log(
      `\n2. Storage per target per day: ${count(statements)} active statements, top ${TOP} + "others" a minute`,
    );
    const storageTarget = 'storage-day';
    // A day nobody else writes to: its minute partition holds this target only.
    const day = startOfUtcDay(new Date(Date.now() - 40 * DAY_MS));
    const figures = (k: number, minute: number) => {
      const calls = 1 + Math.round((5_000 / (k + 1)) * (1 + 0.3 * Math.sin(minute / 90 + k)));
      const meanMs = 0.05 + (k % 17) * 0.4;
      return {
        calls,
        totalMs: calls * meanMs,
        rows: calls * (1 + (k % 5)),
        sharedBlksHit: calls * 4,
        sharedBlksRead: k % 3,
        sharedBlksDirtied: k % 7 === 0 ? 2 : 0,
        sharedBlksWritten: 0,
        tempBlksRead: 0,
        tempBlksWritten: k % 50 === 0 ? 128 : 0,
        blkIoMs: (k % 3) * 0.2,
        walBytes: k % 7 === 0 ? calls * 180 : 0,
      };
    };
    const storageStarted = performance.now();
    await saveStatementTexts(
      storageTarget,
      new Map(Array.from({ length: statements }, (_, k) => [queryIdOf(k), textOf(k)])),
      day,
    );
    // Every statement runs every minute, its time Zipf-distributed over the statements with noise, and the interval
    // keeps what the collector keeps (keepTop): the statements near the 200th place change from minute to minute.
    const weights = Array.from({ length: statements }, (_, k) => 1 / (k + 1) ** 1.1);
    const noise = () =>
      Math.exp(0.5 * Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random()));
    const distinctPerHour: number[] = [];
    let hourSeen = new Set<number>();
    for (let minute = 1; minute <= 1_440; minute++) {
      const deltas = weights.map((weight, k) => {
        const base = figures(k, minute);
        const totalMs = weight * 20_000 * noise();
        return { queryId: queryIdOf(k), userId: 16_384 + (k % 3), dbId: 16_390, toplevel: true, ...base, totalMs };
      });
      const { kept, others } = keepTop(deltas, TOP);
      for (const row of kept) hourSeen.add(Number(BigInt(row.queryId) % 1_000_000_007n));
      if (minute % 60 === 0) {
        distinctPerHour.push(hourSeen.size);
        hourSeen = new Set();
      }
      await writeInterval({
        target: storageTarget,
        sampledAt: new Date(day.getTime() + minute * MINUTE_MS),
        seconds: INTERVAL_SECONDS,
        entries: statements,
        evicted: 0,
        restarted: 0,
        kept,
        others,
      });
    }
    while ((await rollUpHours(storageTarget, new Date(day.getTime() + DAY_MS + HOUR_MS))) > 0);
    console.log(
      `  written in ${((performance.now() - storageStarted) / 1000).toFixed(1)} s (writeInterval × 1,440, rollUpHours)`,
    );
    const sizes = await withClient(consoleUrl, async (client) => {
      await client.query('VACUUM ANALYZE console.statement_hour, console.statement_interval, console.statement_text');
      const relation = async (name: string, table: string) => {
        const { rows } = await client.query<{ bytes: number; rows: number }>(
          `SELECT pg_total_relation_size($1::regclass)::float8 AS bytes,
                  (SELECT count(*)::float8 FROM ${table} WHERE target = $2) AS rows`,
          [name, storageTarget],
        );
        return rows[0];
      };
      const minutePartition = `console.${partitionName('statement_minute', day)}`;
      return [
        ['statement_minute (the day partition + index)', await relation(minutePartition, minutePartition)],
        ['statement_hour (24 hours)', await relation('console.statement_hour', 'console.statement_hour')],
        ['statement_interval', await relation('console.statement_interval', 'console.statement_interval')],
        [
          `statement_text (${count(statements)} texts, once)`,
          await relation('console.statement_text', 'console.statement_text'),
        ],
      ] as const;
    });
    for (const [name, { bytes, rows }] of sizes)
      console.log(
        `  ${name.padEnd(48)} ${count(rows).padStart(9)} rows ${`${(bytes / MB).toFixed(1)} MB`.padStart(10)}`,
      );
    const dayBytes = sizes.reduce((sum, [, { bytes }]) => sum + bytes, 0);
    const steadyBytes = dayBytes - sizes[3][1].bytes;
    console.log(
      `  total: ${(dayBytes / MB).toFixed(1)} MB the first day, ${(steadyBytes / MB).toFixed(1)} MB a day after (texts are stored once)   target < 50 MB`,
    );
    const hourRowBytes = sizes[1][1].bytes / sizes[1][1].rows;
    // An hour keeps its top TOP statements plus one "others" row (rollUpHours), however the statements take turns.
    const worstHours = 24 * (TOP + 1);
    console.log(
      `  (statements per hour among the kept: mean ${count(mean(distinctPerHour))}, max ${count(Math.max(...distinctPerHour))}; ` +
        `an hour keeps at most ${TOP} + 1 rows, so the worst case is ~${count(worstHours)} hour rows and ` +
        `~${((steadyBytes - sizes[1][1].bytes + worstHours * hourRowBytes) / MB).toFixed(1)} MB a day)`,
    );

    // ——— 3. /queries at `days` days of history ———
    /**
     * Seeds minutes (from, to] of `name` in SQL: intervals, TOP rows + others a minute, then hours and texts. The
     * minutes are either part 2's day repeated (`copy`: what keepTop kept of a Zipf workload) or generated with
     * TOP − STEADY of each minute's rows taken in turn from the tail (`turn`: every statement in every day's window).
     */
    const seedHistory = async (name: string, total: number, from: Date, to: Date, minutes: 'copy' | 'turn') => {
      const seedStarted = performance.now();
      for (let at = startOfUtcDay(from); at <= to; at = new Date(at.getTime() + DAY_MS))
        await ensureDayPartitions('statement_minute', at);
      await withClient(consoleUrl, async (client) => {
        await client.query('SET synchronous_commit = off');
        await client.query(
          `INSERT INTO console.statement_interval (target, sampled_at, seconds, entries, evicted, restarted)
           SELECT $1, t, 60, $4, 0, 0 FROM generate_series($2::timestamptz + interval '1 minute', $3::timestamptz, interval '1 minute') t`,
          [name, from, to, total],
        );
        // A day at a time, by minute number m since `from`.
        for (let start = from.getTime(); start < to.getTime(); start += DAY_MS) {
          const end = Math.min(to.getTime(), start + DAY_MS);
          if (minutes === 'copy') {
            await client.query(
              `INSERT INTO console.statement_minute
               SELECT $1, sampled_at - $2::timestamptz + $3::timestamptz, queryid, userid, dbid, toplevel, calls, total_ms,
                 rows, shared_blks_hit, shared_blks_read, shared_blks_dirtied, shared_blks_written, temp_blks_read,
                 temp_blks_written, blk_io_ms, wal_bytes
               FROM console.statement_minute WHERE target = $4 AND sampled_at - $2::timestamptz + $3::timestamptz <= $5`,
              [name, day, new Date(start), storageTarget, new Date(end)],
            );
            continue;
          }
          await client.query(
            `INSERT INTO console.statement_minute (target, sampled_at, queryid, userid, dbid, toplevel, calls, total_ms, rows,
               shared_blks_hit, shared_blks_read, shared_blks_dirtied, shared_blks_written, temp_blks_read, temp_blks_written,
               blk_io_ms, wal_bytes)
             SELECT $1, $2::timestamptz + m * interval '1 minute', CASE WHEN j < ${TOP} THEN ${sqlQueryId('k')} END,
               16384 + k % 3, 16390, true, calls, calls * (0.05 + (k % 17) * 0.4 * (0.8 + 0.4 * random())), calls * (1 + k % 5),
               calls * 4, k % 3, CASE WHEN k % 7 = 0 THEN 2 ELSE 0 END, 0, 0, CASE WHEN k % 50 = 0 THEN 128 ELSE 0 END,
               (k % 3) * 0.2, CASE WHEN k % 7 = 0 THEN calls * 180 ELSE 0 END
             FROM generate_series($3::int, $4::int) m
             CROSS JOIN generate_series(0, ${TOP}) j
             CROSS JOIN LATERAL (SELECT ${sqlStatementOf('m', 'j', total)} AS k) s
             CROSS JOIN LATERAL (SELECT 1 + round((5000.0 / (k + 1)) * (1 + 0.3 * sin(m / 90.0 + k)))::bigint AS calls) c`,
            [name, from, (start - from.getTime()) / MINUTE_MS + 1, (end - from.getTime()) / MINUTE_MS],
          );
        }
      });
      const minutesMs = performance.now() - seedStarted;
      const rollStarted = performance.now();
      while ((await rollUpHours(name, to)) > 0);
      await saveStatementTexts(name, new Map(Array.from({ length: total }, (_, k) => [queryIdOf(k), textOf(k)])), from);
      await withClient(consoleUrl, (client) =>
        client.query('ANALYZE console.statement_minute, console.statement_hour'),
      );
      const seeded = await withClient(consoleUrl, async (client) =>
        Number(
          (await client.query(`SELECT count(*) FROM console.statement_minute WHERE target = $1`, [name])).rows[0].count,
        ),
      );
      console.log(
        `  seeded ${name} (${minutes === 'copy' ? "part 2's day, repeated" : 'every statement in turn'}): ${count(seeded)} minute rows in ` +
          `${(minutesMs / 1000).toFixed(1)} s, hours rolled up (rollUpHours) in ${((performance.now() - rollStarted) / 1000).toFixed(1)} s`,
      );
    };
    const now = new Date(Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS);
    console.log(`\n3. /queries at ${days} days of history for ${count(statements)} statements`);
    const from = new Date(now.getTime() - days * DAY_MS);
    await seedHistory('queries-kept', statements, from, now, 'copy');
    await seedHistory('queries', statements, from, now, 'turn');

    /** What the page runs for a window (app/(console)/queries/page.tsx): loadStatementWindow. */
    const loadPage = (name: string, window: { from: Date; to: Date; range: null }) =>
      loadStatementWindow(name, window, 'total', null);
    const naive = (name: string, window: { from: Date; to: Date }, offset = 0) =>
      getPrisma().$queryRawUnsafe(
        `SELECT queryid, sum(calls)::float8 AS calls, sum(total_ms)::float8 AS total_ms
         FROM console.statement_minute
         WHERE target = $1 AND sampled_at > $2 AND sampled_at <= $3 AND queryid IS NOT NULL
         GROUP BY queryid ORDER BY sum(total_ms) DESC, queryid LIMIT 50 OFFSET $4`,
        name,
        window.from,
        window.to,
        offset,
      );
    const header = (title: string) =>
      console.log(
        `  ${title.padEnd(52)} ${'cold'.padStart(10)} ${'median'.padStart(10)}   ${'baseline'.padStart(10)} ${'median'.padStart(10)}`,
      );
    const row = (
      name: string,
      page: { cold: number; median: number },
      base: { cold: number; median: number },
      target: string,
    ) =>
      console.log(
        `  ${name.padEnd(52)} ${ms(page.cold).padStart(10)} ${ms(page.median).padStart(10)}   ${ms(base.cold).padStart(10)} ${ms(base.median).padStart(10)}   ${target}`,
      );
    for (const name of ['queries-kept', 'queries']) {
      console.log('');
      header(`${name}: window (loadStatementWindow: ranking, chart, series)`);
      for (const [label, span] of [
        ['1 h', HOUR_MS],
        ['24 h', DAY_MS],
        ['7 d', 7 * DAY_MS],
      ] as const) {
        const window = { from: new Date(now.getTime() - span), to: now, range: null };
        const page = await measure(() => loadPage(name, window), 10);
        const base = await measure(() => naive(name, window), 3);
        const { totals } = await rankStatementsInWindow(name, window, 'total', null, 1);
        row(`${label} (${count(totals.statements)} statements)`, page, base, label === '24 h' ? 'target ≤ 300 ms' : '');
      }
    }
    console.log('  (baseline: a naive GROUP BY queryid over every minute row of the window, top 50; median of 3)');

    // A page deep in the ranking at `deepStatements` statements: 26 hours seeded, the last 24 h shown.
    console.log(`\n  deep paging at ${count(deepStatements)} statements, 24 h window`);
    await seedHistory('queries-deep', deepStatements, new Date(now.getTime() - 26 * HOUR_MS), now, 'turn');
    const window = { from: new Date(now.getTime() - DAY_MS), to: now, range: null };
    const all = await rankStatementsInWindow('queries-deep', window, 'total', null, 99 * 50);
    console.log(`  ${count(all.totals.statements)} statements ranked in the window`);
    header('page (keyset: loadStatementWindow)');
    const ranked = (after: typeof all.next) => loadStatementWindow('queries-deep', window, 'total', after);
    row(
      'page 1',
      await measure(() => ranked(null), 5),
      await measure(() => naive('queries-deep', window), 3),
      'target ≤ 1000 ms',
    );
    row(
      'page 100 (after cursor of row 4,950)',
      await measure(() => ranked(all.next), 5),
      await measure(() => naive('queries-deep', window, 99 * 50), 3),
      'target ≤ 1000 ms',
    );
    console.log('  (baseline: the naive GROUP BY over minute rows, OFFSET paging)');
    console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s`);
    await load.end();
    process.exit(0);
  },
  { 'pg_stat_statements.max': String(Math.max(10_000, Math.ceil(statements * 1.5))) },
);
