/**
 * What one active-session sample costs the watched server at 200 connections (issue 16 target: ≤ 2 ms per sample),
 * beside a bare `SELECT * FROM pg_stat_activity` measured in the same run. Server time is pg_stat_statements'
 * mean_exec_time of each statement; the console's wall time (round trip included) is printed beside it. Also the
 * blocking-tree read (findBlockingPairs), which the collector runs only in samples that find a lock wait.
 * Usage: npx tsx --conditions=react-server bench/activity-sample.ts [connections] [samples]
 */
import pg from 'pg';
import { percentile, withBenchPostgres, withClient } from './support';

/** Sub-millisecond figures need more than ./support's one decimal. */
const ms = (value: number) => `${value.toFixed(3)} ms`;

const connections = Number(process.argv[2] ?? 200);
const samples = Number(process.argv[3] ?? 500);
/** Of the connections: a quarter run pg_sleep, a tenth sit idle in a transaction, the rest are idle. */
const SLEEPING = Math.round(connections / 4);
const IDLE_IN_TRANSACTION = Math.round(connections / 10);

await withBenchPostgres(
  async (url) => {
    process.env.DATABASE_URL = url;
    const clients: pg.Client[] = [];
    for (let i = 0; i < connections; i++) {
      const client = new pg.Client({ connectionString: url, application_name: `bench-session-${i % 7}` });
      client.on('error', () => {});
      await client.connect();
      clients.push(client);
    }
    clients.slice(0, SLEEPING).forEach((client) => void client.query('SELECT pg_sleep(600)').catch(() => undefined));
    for (const client of clients.slice(SLEEPING, SLEEPING + IDLE_IN_TRANSACTION)) {
      await client.query('BEGIN');
      await client.query('SELECT 1');
    }
    const counts = await withClient(
      url,
      async (c) =>
        (
          await c.query<{ state: string; n: number }>(
            `SELECT coalesce(state, 'none') AS state, count(*)::int AS n FROM pg_stat_activity
             WHERE backend_type = 'client backend' GROUP BY 1 ORDER BY 1`,
          )
        ).rows,
    );
    console.log(`client backends: ${counts.map((row) => `${row.n} ${row.state}`).join(', ')}`);

    // Imported after DATABASE_URL is set: the modules read the configuration once.
    const { sampleActiveSessions } = await import('../lib/pg/activity');
    const { findBlockingPairs } = await import('../lib/pg/locks');
    const { execute } = await import('../lib/pg/client');

    const runs: [string, string, () => Promise<unknown>][] = [
      [
        'baseline: SELECT * FROM pg_stat_activity',
        `query = 'SELECT * FROM pg_stat_activity'`,
        () => execute('SELECT * FROM pg_stat_activity'),
      ],
      ['sample: sampleActiveSessions', `query LIKE '%AS "waitClass"%'`, sampleActiveSessions],
      ['lock waits only: findBlockingPairs', `query LIKE '%pg_blocking_pids%'`, findBlockingPairs],
    ];
    // Warm up each (plans, catalog caches, the version check), then count from a clean slate.
    for (const [, , run] of runs) await run();
    await withClient(url, (c) => c.query('SELECT pg_stat_statements_reset()'));
    const wall = new Map<string, number[]>();
    for (let i = 0; i < samples; i++) {
      for (const [name, , run] of runs) {
        const started = performance.now();
        await run();
        (wall.get(name) ?? wall.set(name, []).get(name)!).push(performance.now() - started);
      }
    }
    console.log(
      `\n${'statement'.padEnd(40)} ${'calls'.padStart(6)} ${'server mean'.padStart(12)} ${'server max'.padStart(12)} ${'wall p50'.padStart(10)} ${'wall p95'.padStart(10)}   target ≤ 2 ms`,
    );
    for (const [name, match] of runs) {
      const [row] = await withClient(
        url,
        async (c) =>
          (
            await c.query<{ calls: string; mean: number; max: number }>(
              `SELECT calls, mean_exec_time::float8 AS mean, max_exec_time::float8 AS max
               FROM pg_stat_statements WHERE ${match} ORDER BY calls DESC LIMIT 1`,
            )
          ).rows,
      );
      const times = wall.get(name)!;
      const verdict = name.startsWith('sample') ? (row.mean <= 2 ? 'ok' : 'OVER') : '';
      console.log(
        `${name.padEnd(40)} ${row.calls.padStart(6)} ${ms(row.mean).padStart(12)} ${ms(row.max).padStart(12)} ${ms(percentile(times, 50)).padStart(10)} ${ms(percentile(times, 95)).padStart(10)}   ${verdict}`,
      );
    }
    console.log(
      `\n${samples} runs of each, ${connections} connections; server times are pg_stat_statements' (execution only), wall times the console's (round trip included).`,
    );
    process.exit(0);
  },
  { max_connections: String(connections + 50) },
);
