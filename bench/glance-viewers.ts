/**
 * The on-call glance watched by 1 and by 50 signed-in viewers (each polling every 5 s, as the page does), printed
 * side by side: request latency p50/p95, and statements per minute on the monitored database from
 * pg_stat_statements — all of them, and the statistics queries among them. Targets: p95 ≤ 300 ms at 50 viewers;
 * statements ratio 50 : 1 ≤ 1.1. Each phase starts right after a sample and lasts just under four sampling
 * intervals, so both phases contain exactly the same number of sampler ticks.
 * Usage: npx tsx bench/glance-viewers.ts
 */
import { buildIfNeeded, createViewers, signIn, startConsole } from '../tests/support/console-process';
import { ms, percentile, withBenchPostgres, withClient } from './support';

const SAMPLE_INTERVAL_SECONDS = 15;
const POLL_MS = 5_000;
const PHASE_MS = (4 * SAMPLE_INTERVAL_SECONDS - 2) * 1000;
const VIEWERS = [1, 50];

async function waitForNewSample(url: string): Promise<void> {
  const latest = () =>
    withClient(
      url,
      async (c) => (await c.query('SELECT max(id)::text AS id FROM console.metric_sample')).rows[0].id as string | null,
    );
  const before = await latest();
  while ((await latest()) === before) await new Promise((resolve) => setTimeout(resolve, 100));
}

const statementCounts = (url: string) =>
  withClient(url, async (c) => {
    const { rows } = await c.query<{ total: number; statistics: number }>(`
      SELECT coalesce(sum(calls), 0)::float8 AS total,
             coalesce(sum(calls) FILTER (WHERE query ~* 'pg_stat|pg_statio|pg_class|pg_database|pg_locks|pg_sequences|pg_index|current_setting'), 0)::float8 AS statistics
      FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND query NOT ILIKE '%pg_stat_statements%'`);
    return rows[0];
  });

async function phase(base: string, url: string, cookies: string[]) {
  await waitForNewSample(url);
  await withClient(url, (c) => c.query('SELECT pg_stat_statements_reset()'));
  const latencies: number[] = [];
  const end = Date.now() + PHASE_MS;
  await Promise.all(
    cookies.map(async (cookie, i) => {
      await new Promise((resolve) => setTimeout(resolve, (i * POLL_MS) / cookies.length));
      while (Date.now() < end) {
        const t0 = performance.now();
        const response = await fetch(`${base}/api/overview`, { headers: { Cookie: cookie } });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`GET /api/overview: ${response.status}`);
        latencies.push(performance.now() - t0);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    }),
  );
  const counts = await statementCounts(url);
  const perMinute = (n: number) => (n * 60_000) / PHASE_MS;
  return {
    requests: latencies.length,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    total: perMinute(counts.total),
    statistics: perMinute(counts.statistics),
  };
}

await withBenchPostgres(async (url) => {
  await buildIfNeeded();
  const emails = await createViewers(url, Math.max(...VIEWERS));
  const server = await startConsole(url, { SAMPLE_INTERVAL_SECONDS: String(SAMPLE_INTERVAL_SECONDS) });
  const { base } = server;
  try {
    const cookies = await Promise.all(emails.map((email) => signIn(base, email)));
    const results = [];
    for (const viewers of VIEWERS) results.push({ viewers, ...(await phase(base, url, cookies.slice(0, viewers))) });
    console.log(
      `\nphase: ${(PHASE_MS / 1000).toFixed(0)} s each, every viewer polling GET /api/overview every ${POLL_MS / 1000} s; sampler every ${SAMPLE_INTERVAL_SECONDS} s`,
    );
    console.log(
      `${'viewers'.padEnd(8)} ${'requests'.padStart(9)} ${'p50'.padStart(10)} ${'p95'.padStart(10)} ${'statements/min'.padStart(16)} ${'statistics queries/min'.padStart(24)}`,
    );
    for (const r of results) {
      console.log(
        `${String(r.viewers).padEnd(8)} ${String(r.requests).padStart(9)} ${ms(r.p50).padStart(10)} ${ms(r.p95).padStart(10)} ${r.total.toFixed(1).padStart(16)} ${r.statistics.toFixed(1).padStart(24)}`,
      );
    }
    const [one, many] = results;
    console.log(
      `\nratio ${many.viewers}:${one.viewers} — statements ${(many.total / one.total).toFixed(2)}, statistics queries ${(many.statistics / one.statistics).toFixed(2)} (target ≤ 1.1); p95 at ${many.viewers} viewers ${ms(many.p95)} (target ≤ 300 ms)`,
    );
  } finally {
    server.stop();
  }
});
process.exit(0);
