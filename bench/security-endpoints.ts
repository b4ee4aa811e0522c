/**
 * The cost of the console's public doors, measured against a fresh console in one run:
 *  - sign-in: p50 / p95 of 30 sign-ins one after another (each checks an scrypt hash, 128 MiB), beside the bare
 *    hash check in this process — the floor a sign-in cannot go under;
 *  - an anonymous flood of 1,000 GET /api/health (50 at a time): p50 / p95, beside the statements that flood made
 *    the watched database run (from pg_stat_statements) and how many one probe per STATE_PROBE_MS allows for its
 *    length (target: no more).
 * Usage: npx tsx --conditions=react-server bench/security-endpoints.ts
 */
import { hashPassword, verifyPassword } from '../lib/auth/password';
import { STATE_PROBE_MS } from '../lib/store/probe';
import { buildIfNeeded, createViewers, signIn, startConsole, VIEWER_PASSWORD } from '../tests/support/console-process';
import { ms, percentile, withBenchPostgres, withClient } from './support';

const SIGN_INS = 30;
const FLOOD = 1_000;
const IN_FLIGHT = 50;

async function timed<T>(work: () => Promise<T>): Promise<number> {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
}

await withBenchPostgres(async (url) => {
  await buildIfNeeded();
  const [email] = await createViewers(url, 1);
  // The background jobs run once at start and then rarely, so the flood's own statements stand out.
  const server = await startConsole(url, {
    SIGNIN_MAX_CONCURRENT: '4',
    SAMPLE_INTERVAL_SECONDS: '3600',
    CHECKLIST_INTERVAL_MINUTES: '600',
  });
  try {
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const signIns: number[] = [];
    for (let i = 0; i < SIGN_INS; i++) signIns.push(await timed(() => signIn(server.base, email)));
    const hash = await hashPassword(VIEWER_PASSWORD);
    const bare: number[] = [];
    for (let i = 0; i < SIGN_INS; i++) bare.push(await timed(() => verifyPassword(VIEWER_PASSWORD, hash)));

    const statements = () =>
      withClient(url, async (c) =>
        Number(
          (
            await c.query(
              `SELECT coalesce(sum(calls), 0) AS n FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'`,
            )
          ).rows[0].n,
        ),
      );
    await withClient(url, (c) => c.query('SELECT pg_stat_statements_reset()'));
    const before = await statements();
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const floodStarted = performance.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < FLOOD) {
          next++;
          const t0 = performance.now();
          const response = await fetch(`${server.base}/api/health`);
          await response.arrayBuffer();
          latencies.push(performance.now() - t0);
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        }
      }),
    );
    const floodSeconds = (performance.now() - floodStarted) / 1000;
    const caused = (await statements()) - before;
    const allowed = Math.ceil((floodSeconds * 1000) / STATE_PROBE_MS) + 1;

    console.log(
      `\nsign-in (${SIGN_INS}, one after another): p50 ${ms(percentile(signIns, 50))}, p95 ${ms(percentile(signIns, 95))}`,
    );
    console.log(
      `  bare scrypt check in this process:     p50 ${ms(percentile(bare, 50))}, p95 ${ms(percentile(bare, 95))}`,
    );
    console.log(
      `\nGET /api/health, ${FLOOD} anonymous requests, ${IN_FLIGHT} at a time, over ${floodSeconds.toFixed(1)} s: p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}; answers ${[...statuses].map(([status, n]) => `${n}× ${status}`).join(', ')}`,
    );
    console.log(
      `  statements the flood made the watched database run: ${caused} (one probe per ${STATE_PROBE_MS / 1000} s allows ${allowed}; the background sampler's own rounds are counted too)`,
    );
  } finally {
    server.stop();
  }
});
process.exit(0);
