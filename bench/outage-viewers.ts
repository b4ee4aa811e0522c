/**
 * The console through an outage of its own database, under 20 signed-in viewers each loading the overview page
 * once a second. A real PostgreSQL (the primary, holding the console's data, as in the default layout) is stopped
 * for OUTAGE_SECONDS and started again. Printed per phase — before (the baseline, same run), during, after —
 * requests answered, the share answered 200 and latency p50/p95; then the seconds from the restart until the glance
 * is all clear again (GET /api/overview: reachable and not red) and /api/health answers 200.
 * Usage: npx tsx bench/outage-viewers.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedServer } from '../lib/embedded/embedded-server';
import { applyMigrations } from '../tests/support/migrate';
import { buildIfNeeded, createViewers, signIn, startConsole } from '../tests/support/console-process';
import { ms, percentile } from './support';

const VIEWERS = 20;
const POLL_MS = 1_000;
const BEFORE_SECONDS = 20;
const OUTAGE_SECONDS = 30;
const AFTER_SECONDS = 20;
const SAMPLE_INTERVAL_SECONDS = 5;

type Phase = 'before' | 'during' | 'after';
interface Answer {
  phase: Phase;
  /** The HTTP status; 0 when no answer came. */
  status: number;
  /** Answered 200 with the page itself, not its error boundary. */
  good: boolean;
  ms: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'halcytone-bench-outage-'));
let server = await startEmbeddedServer({ dataDir, notice: () => {} });
let consoleProcess: Awaited<ReturnType<typeof startConsole>> | undefined;
try {
  applyMigrations(server.url);
  await buildIfNeeded();
  const emails = await createViewers(server.url, VIEWERS);
  consoleProcess = await startConsole(server.url, { SAMPLE_INTERVAL_SECONDS: String(SAMPLE_INTERVAL_SECONDS) });
  const { base } = consoleProcess;
  const cookies = await Promise.all(emails.map((email) => signIn(base, email)));

  let phase: Phase = 'before';
  let running = true;
  const answers: Answer[] = [];
  const viewers = cookies.map(async (cookie, i) => {
    await sleep((i * POLL_MS) / cookies.length);
    while (running) {
      const at = phase;
      const t0 = performance.now();
      const { status, good } = await fetch(`${base}/`, { headers: { Cookie: cookie }, redirect: 'manual' }).then(
        async (response) => ({
          status: response.status,
          good: response.status === 200 && !(await response.text()).includes('data-testid="page-error"'),
        }),
        () => ({ status: 0, good: false }),
      );
      answers.push({ phase: at, status, good, ms: performance.now() - t0 });
      await sleep(POLL_MS);
    }
  });

  await sleep(BEFORE_SECONDS * 1000);
  phase = 'during';
  await server.stop();
  await sleep(OUTAGE_SECONDS * 1000);
  phase = 'after';
  server = await startEmbeddedServer({ dataDir, port: server.port, notice: () => {} });
  const restartedAt = performance.now();
  const isAllClear = async () => {
    const glance = await fetch(`${base}/api/overview`, { headers: { Cookie: cookies[0] } }).then(
      (r) => (r.ok ? (r.json() as Promise<{ reachable: boolean; status: string }>) : null),
      () => null,
    );
    const health = await fetch(`${base}/api/health`).then(
      (r) => r.status,
      () => 0,
    );
    return glance?.reachable === true && glance.status !== 'bad' && health === 200;
  };
  const giveUpAt = performance.now() + 120_000;
  while (!(await isAllClear())) {
    if (performance.now() > giveUpAt) throw new Error('Not all clear 120 s after the restart.');
    await sleep(100);
  }
  const allClearSeconds = (performance.now() - restartedAt) / 1000;
  await sleep(AFTER_SECONDS * 1000);
  running = false;
  await Promise.all(viewers);

  console.log(
    `\n${VIEWERS} viewers, each loading GET / every ${POLL_MS / 1000} s; sampler every ${SAMPLE_INTERVAL_SECONDS} s; database stopped for ${OUTAGE_SECONDS} s`,
  );
  console.log(`(200: answered 200 with the page itself, not its error boundary)`);
  console.log(
    `${'phase'.padEnd(8)} ${'answered'.padStart(9)} ${'200'.padStart(8)} ${'5xx'.padStart(6)} ${'no answer'.padStart(10)} ${'p50'.padStart(10)} ${'p95'.padStart(10)}`,
  );
  for (const name of ['before', 'during', 'after'] as const) {
    const inPhase = answers.filter((answer) => answer.phase === name);
    const answered = inPhase.filter((answer) => answer.status > 0);
    const ok = answered.filter((answer) => answer.good).length;
    const failed = answered.filter((answer) => answer.status >= 500).length;
    const share = answered.length ? `${((ok / answered.length) * 100).toFixed(1)} %` : '—';
    const latencies = answered.map((answer) => answer.ms);
    console.log(
      `${name.padEnd(8)} ${String(answered.length).padStart(9)} ${share.padStart(8)} ${String(failed).padStart(6)} ${String(inPhase.length - answered.length).padStart(10)} ${ms(percentile(latencies, 50)).padStart(10)} ${ms(percentile(latencies, 95)).padStart(10)}`,
    );
  }
  console.log(
    `\nfrom the restart to all clear (glance reachable and not red, /api/health 200): ${allClearSeconds.toFixed(1)} s (sample interval ${SAMPLE_INTERVAL_SECONDS} s)`,
  );
} finally {
  consoleProcess?.stop();
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
}
process.exit(0);
