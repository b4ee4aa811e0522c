/**
 * The sampler at fleet scale (issue 18, "Measured"). Targets are databases spread over a few local embedded
 * PostgreSQL servers, registered as console-added targets (sealed URLs in console.monitored_target: a TARGETS variable
 * of thousands of URLs exceeds Linux's 128 kB per-variable limit); the console store is a server of its own. Real
 * console processes (`next start` through scripts/serve.ts, built first if its sources changed) sample them.
 *  one:     one process, N targets: after a warm-up (past the workload collector's start-up work, then until a round
 *           opens few connections and misses none), over --intervals intervals, the share of targets sampled within
 *           every interval (max gap between its samples ≤ interval + slack), the process's CPU (utime + stime of its
 *           process tree from /proc; over the window, and since its start), connections held (pg_stat_activity on
 *           the target servers) and the round figures the process writes to console.sampler_process.
 *  stopped: one target server stopped: the time until each of its targets reads down in console.target_state, and
 *           whether any other target missed a round or read down meanwhile; then the server is started again.
 *  two:     two processes, 2N targets: samples per target per interval, the split in target_state.sampled_by; then one
 *           process killed with SIGKILL, and per target it held, the time from the kill to its next sample.
 * Baseline, same run: the same sample queries (lib/sampler/sample.ts takeSample) on the same targets from a plain
 * node-postgres loop in this process, at the same concurrency, no console around them: wall time and CPU per round.
 * Figures are printed, not judged. Targets exclude "primary" (the console store, always watched).
 * Usage: npx tsx --conditions=react-server bench/fleet-sampler.ts [--targets 1000] [--servers 4] [--intervals 12]
 *        [--parts one,stopped,two] [--slack 2]
 * (the machine is shared: run it under `flock /tmp/halcytone-heavy.lock`; about 25 minutes with every part at 1,000)
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import pg from 'pg';
import { startEmbeddedServer, type EmbeddedServer } from '../lib/embedded/embedded-server';
import type { SamplerProcessStats } from '../lib/sampler/process-stats';
import { applyMigrations } from '../tests/support/migrate';
import { buildIfNeeded, startConsole, type ConsoleProcess } from '../tests/support/console-process';
import { ms, percentile, withClient } from './support';

const { values: args } = parseArgs({
  options: {
    targets: { type: 'string', default: '1000' },
    servers: { type: 'string', default: '4' },
    // Three statement intervals and one change check of the workload collector (STATEMENT_SAMPLE_SECONDS 60 s, its
    // change check every 3 of them): a shorter window weighs that work by where the window happens to fall.
    intervals: { type: 'string', default: '12' },
    parts: { type: 'string', default: 'one,stopped,two' },
    slack: { type: 'string', default: '2' },
  },
});
const N = Number(args.targets);
const SERVERS = Number(args.servers);
const INTERVALS = Number(args.intervals);
const PARTS = new Set(args.parts.split(','));
const SLACK_MS = Number(args.slack) * 1000;
const INTERVAL_S = 15;
const INTERVAL_MS = INTERVAL_S * 1000;
const CONCURRENCY = Number(process.env.SAMPLER_CONCURRENCY ?? 16);
const SECRET_KEY = 'bench-fleet-sampler-secret-key-0123456789';
/** Samples reach the store in batches a quarter interval apart (lib/sampler/runner.ts): wait that, and a bit, to read. */
const WRITE_DELAY_MS = INTERVAL_MS / 4 + 2_000;
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sleepUntil = (at: number) => sleep(Math.max(0, at - Date.now()));
const log = (line: string) => console.error(`[fleet-sampler] ${line}`);
const pct = (part: number, whole: number) => (whole ? `${((part / whole) * 100).toFixed(1)} %` : '—');
const secs = (value: number) => `${(value / 1000).toFixed(1)} s`;

// ---- processes, from /proc: a console is `node tsx serve.ts` and its child; its CPU is the tree's ----

function procStat(pid: number): { ppid: number; ticks: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After "pid (comm) ": state ppid … utime(14) stime(15) cutime(16) cstime(17), numbered from 1 (proc(5)).
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
    return { ppid: Number(fields[1]), ticks };
  } catch {
    return null; // gone
  }
}

function processTable(): Map<number, { ppid: number; ticks: number }> {
  const table = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    const stat = /^\d+$/.test(entry) ? procStat(Number(entry)) : null;
    if (stat) table.set(Number(entry), stat);
  }
  return table;
}

function tree(root: number, table = processTable()): number[] {
  const pids = [root];
  for (let i = 0; i < pids.length; i++) for (const [pid, stat] of table) if (stat.ppid === pids[i]) pids.push(pid);
  return pids.filter((pid) => table.has(pid));
}

/** CPU seconds used so far by a process tree (live processes, and the children they have reaped). */
function treeCpuSeconds(root: number): number {
  const table = processTable();
  return tree(root, table).reduce((sum, pid) => sum + (table.get(pid)?.ticks ?? 0), 0) / CLK_TCK;
}

function killTree(root: number, signal: NodeJS.Signals): void {
  for (const pid of tree(root).reverse())
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
}

const children = () => new Set([...processTable()].filter(([, stat]) => stat.ppid === process.pid).map(([pid]) => pid));

interface Console extends ConsoleProcess {
  pid: number;
  /** When it was launched (epoch ms): its boot's CPU counts in the CPU since its start, so its time does too. */
  startedAt: number;
}

/** Starts a console process and finds its pid: the one child of this process that was not there before. */
async function startConsoleProcess(storeUrl: string): Promise<Console> {
  const before = children();
  const startedAt = Date.now();
  const started = await startConsole(storeUrl, { SAMPLE_INTERVAL_SECONDS: String(INTERVAL_S) });
  const [pid] = [...children()].filter((child) => !before.has(child));
  if (!pid) throw new Error('The console process was not found under this process.');
  consoles.push({ ...started, pid, startedAt });
  return consoles[consoles.length - 1];
}

// ---- servers, targets and cleanup ----

const cleanupDirs: string[] = [];
const consoles: Console[] = [];
const servers: { server: EmbeddedServer; dataDir: string; targets: string[] }[] = [];
let store: EmbeddedServer | undefined;

async function cleanUp(): Promise<void> {
  for (const running of consoles) running.stop();
  await sleep(consoles.length ? 2_000 : 0);
  for (const running of consoles) killTree(running.pid, 'SIGKILL');
  await Promise.allSettled([store, ...servers.map((s) => s.server)].map((server) => server?.stop()));
  await Promise.allSettled(cleanupDirs.map((dir) => rm(dir, { recursive: true, force: true })));
}
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));

async function startServer(settings: Record<string, string>, dataDir?: string, port?: number) {
  dataDir ??= await mkdtemp(path.join(os.tmpdir(), 'halcytone-bench-fleet-'));
  if (!cleanupDirs.includes(dataDir)) cleanupDirs.push(dataDir);
  return { server: await startEmbeddedServer({ dataDir, port, settings, notice: () => {} }), dataDir };
}

const targetUrl = (server: EmbeddedServer, database: string) =>
  `postgresql://${server.user}:${encodeURIComponent(server.password)}@127.0.0.1:${server.port}/${database}?sslmode=disable`;

/** `count` more databases, round robin over the servers (each server's in turn), registered as console-added targets. */
async function addTargets(count: number): Promise<string[]> {
  const { sealSecret } = await import('../lib/targets/secret-box');
  const planned = servers.map(() => [] as string[]);
  const existing = servers.reduce((sum, s) => sum + s.targets.length, 0);
  for (let i = existing; i < existing + count; i++)
    planned[i % servers.length].push(`s${i % servers.length}-db${String(i).padStart(5, '0')}`);
  await Promise.all(
    servers.map(({ server, targets }, index) =>
      withClient(server.url, async (client) => {
        for (const name of planned[index]) await client.query(`CREATE DATABASE "${name}" TEMPLATE bench_template`);
        targets.push(...planned[index]);
      }),
    ),
  );
  const names = planned.flat();
  const urls = servers.flatMap(({ server }, index) => planned[index].map((name) => targetUrl(server, name)));
  await withClient(store!.url, (client) =>
    client.query(
      `INSERT INTO console.monitored_target (name, encrypted_url, display, created_by, tags)
       SELECT name, sealed, name, 'bench@example.com', ARRAY[split_part(name, '-', 1)]
       FROM unnest($1::text[], $2::text[]) AS t(name, sealed)`,
      [names, names.map((name, i) => sealSecret(urls[i], SECRET_KEY, name))],
    ),
  );
  return names;
}

// ---- what the store and the servers say ----

/** Each target's sample times (epoch ms) in [from, to). */
async function sampleTimes(targets: string[], from: number, to: number): Promise<Map<string, number[]>> {
  const { rows } = await withClient(store!.url, (client) =>
    client.query<{ target: string; at: number }>(
      `SELECT target, extract(epoch FROM taken_at)::float8 * 1000 AS at
       FROM console.metric_sample
       WHERE taken_at >= to_timestamp($1 / 1000.0) AND taken_at < to_timestamp($2 / 1000.0) AND target = ANY($3)
       ORDER BY target, taken_at`,
      [from, to, targets],
    ),
  );
  const times = new Map(targets.map((target) => [target, [] as number[]]));
  for (const row of rows) times.get(row.target)?.push(row.at);
  return times;
}

/** The longest stretch of [from, to) without a sample of the target. */
function maxGap(times: number[], from: number, to: number): number {
  const points = [from, ...times, to];
  return Math.max(...points.slice(1).map((at, i) => at - points[i]));
}

interface HeldConnections {
  sampler: number;
  collector: number;
  other: number;
}

const NONE_HELD: HeldConnections = { sampler: 0, collector: 0, other: 0 };

async function connectionsHeld(): Promise<HeldConnections> {
  const counts = await Promise.all(
    servers.map(({ server }) =>
      withClient(server.url, async (client) => {
        const { rows } = await client
          .query<HeldConnections>(
            `SELECT count(*) FILTER (WHERE application_name = 'halcytone-console sampler')::int AS sampler,
                    count(*) FILTER (WHERE application_name = 'halcytone-console collector')::int AS collector,
                    count(*) FILTER (WHERE application_name NOT IN ('halcytone-console sampler',
                                                                    'halcytone-console collector'))::int AS other
             FROM pg_stat_activity
             WHERE starts_with(application_name, 'halcytone-console')`,
          )
          .catch(() => ({ rows: [NONE_HELD] }));
        return rows[0];
      }).catch(() => NONE_HELD),
    ),
  );
  return counts.reduce((sum, c) => ({
    sampler: sum.sampler + c.sampler,
    collector: sum.collector + c.collector,
    other: sum.other + c.other,
  }));
}

interface ProcessRound {
  memberId: number;
  pid: number;
  seenAt: number;
  stats: SamplerProcessStats;
}

async function processRounds(): Promise<ProcessRound[]> {
  const { rows } = await withClient(store!.url, (client) =>
    client.query<{ member_id: number; pid: number; seen_at: Date; stats: ProcessRound['stats'] }>(
      'SELECT member_id, pid, seen_at, stats FROM console.sampler_process',
    ),
  );
  return rows.map((row) => ({
    memberId: row.member_id,
    pid: row.pid,
    seenAt: row.seen_at.getTime(),
    stats: row.stats,
  }));
}

async function targetStates(targets: string[]) {
  const { rows } = await withClient(store!.url, (client) =>
    client.query<{ target: string; up: boolean; down_since: Date | null; sampled_by: number | null }>(
      'SELECT target, up, down_since, sampled_by FROM console.target_state WHERE target = ANY($1)',
      [targets],
    ),
  );
  return rows;
}

// ---- a measured window ----

/**
 * The workload collector's start-up work: its first statement visit of each target is a baseline, the second fetches
 * the text of every statement seen (all new) — two STATEMENT_SAMPLE_SECONDS (60 s by default) and a tick.
 */
const COLLECTOR_START_MS = 2 * 60_000 + 10_000;

/**
 * Past the collector's start-up work, then until the newest round of each of `processes` was a steady one — nothing
 * not sampled, at most one target in twenty opening a connection — for at most four intervals more: the first round
 * of a thousand targets opens a thousand connections, which is what a start costs, not what sampling costs (the CPU
 * since the start is printed apart).
 */
async function warmUp(processes: number): Promise<void> {
  await sleep(Math.max(2 * INTERVAL_MS, COLLECTOR_START_MS));
  const until = Date.now() + 4 * INTERVAL_MS;
  while (Date.now() < until) {
    const recent = (await processRounds()).filter((round) => Date.now() - round.seenAt < 1.5 * INTERVAL_MS);
    const steady = ({ stats }: ProcessRound) =>
      stats.notSampled === 0 && (stats.connectionsOpened ?? 0) <= stats.targets / 20;
    if (recent.length >= processes && recent.every(steady)) return;
    await sleep(INTERVAL_MS / 3);
  }
  log('no steady round after six intervals; measuring anyway');
}

interface Window {
  from: number;
  to: number;
  /** Percent of a core over the window, by console pid; and from the console's start to the window's end. */
  cpu: Map<number, number>;
  cpuSinceStart: Map<number, number>;
  connections: HeldConnections;
  rounds: ProcessRound[];
  times: Map<string, number[]>;
}

/** `intervals` intervals from now: CPU of each console, connections and round rows at each interval, then samples. */
async function measureWindow(targets: string[], intervals: number, running: Console[]): Promise<Window> {
  const from = Date.now();
  const to = from + intervals * INTERVAL_MS;
  const cpuStart = running.map((c) => treeCpuSeconds(c.pid));
  let connections = NONE_HELD;
  const rounds = new Map<string, ProcessRound>();
  for (let i = 1; i <= intervals; i++) {
    await sleepUntil(from + i * INTERVAL_MS - INTERVAL_MS / 2);
    const held = await connectionsHeld();
    const total = (c: HeldConnections) => c.sampler + c.collector + c.other;
    if (total(held) > total(connections)) connections = held;
    await sleepUntil(from + i * INTERVAL_MS);
    for (const round of await processRounds())
      if (round.seenAt > from) rounds.set(`${round.memberId}@${round.seenAt}`, round);
  }
  const end = Date.now();
  const cpuEnd = running.map((c) => treeCpuSeconds(c.pid));
  const percent = (seconds: number, sinceMs: number) => (seconds / ((end - sinceMs) / 1000)) * 100;
  const cpu = new Map(running.map((c, i) => [c.pid, percent(cpuEnd[i] - cpuStart[i], from)]));
  const cpuSinceStart = new Map(running.map((c, i) => [c.pid, percent(cpuEnd[i], c.startedAt)]));
  await sleep(WRITE_DELAY_MS);
  const times = await sampleTimes(targets, from, to);
  return { from, to, cpu, cpuSinceStart, connections, rounds: [...rounds.values()], times };
}

function coverage(window: Window) {
  const gaps = [...window.times.values()].map((times) => maxGap(times, window.from, window.to));
  const within = gaps.filter((gap) => gap <= INTERVAL_MS + SLACK_MS).length;
  return { within, of: gaps.length, p50: percentile(gaps, 50), max: Math.max(...gaps) };
}

function roundFigures(rounds: ProcessRound[]) {
  const stats = rounds.map((round) => round.stats);
  return {
    rounds: stats.length,
    roundSeconds: Math.max(0, ...stats.map((s) => s.roundSeconds)),
    late: stats.reduce((sum, s) => sum + s.late, 0),
    notSampled: stats.reduce((sum, s) => sum + s.notSampled, 0),
    held: Math.max(0, ...stats.map((s) => s.connectionsHeld)),
    collector: Math.max(0, ...stats.map((s) => s.collectorConnectionsHeld ?? 0)),
    opened: stats.reduce((sum, s) => sum + (s.connectionsOpened ?? 0), 0),
    settings: stats[0] ? `concurrency ${stats[0].concurrency}, budget ${stats[0].connectionBudget}` : '—',
  };
}

// ---- the baseline: the same sample queries from a plain loop ----

/** A plain session to each named target, opened as the console opens its own (no pool, no sampler). */
async function plainSessionOpener() {
  const { monitoringClientConfig } = await import('../lib/pg/client');
  const { parseConnectionString } = await import('../lib/config/connection-string');
  const urls = new Map(
    servers.flatMap(({ server, targets: names }) => names.map((name) => [name, targetUrl(server, name)] as const)),
  );
  return async (name: string) => {
    const target = { name, connection: parseConnectionString(urls.get(name)!) };
    const client = new pg.Client(monitoringClientConfig(target, 'bench baseline'));
    await client.connect();
    return { target, connection: { client } };
  };
}

async function baseline(targets: string[]) {
  const { takeSample } = await import('../lib/sampler/sample');
  const { withDedicatedConnection } = await import('../lib/pg/client');
  const open = await plainSessionOpener();
  const limit = pLimit(CONCURRENCY);
  const sessions = await Promise.all(targets.map((name) => limit(() => open(name))));
  const round = () =>
    Promise.all(sessions.map((s) => limit(() => withDedicatedConnection(s.target, s.connection, takeSample))));
  await round(); // warm: each session's first queries
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < 3; i++) {
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    await round();
    walls.push(performance.now() - t0);
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1000);
  }
  await Promise.all(sessions.map((s) => s.connection.client.end()));
  const cpuMs = percentile(cpus, 50);
  return { wallMs: percentile(walls, 50), cpuMs, cpuPercent: (cpuMs / INTERVAL_MS) * 100 };
}

/**
 * What taking `targets` over costs at the least: from a plain loop with nothing else running, a new session to each
 * (a backend started, a SCRAM exchange) and one full sample on it, CONCURRENCY at once — the floor under a survivor's
 * hand-over on this machine.
 */
async function takeOverBaseline(targets: string[]): Promise<number> {
  const { takeSample } = await import('../lib/sampler/sample');
  const { withDedicatedConnection } = await import('../lib/pg/client');
  const open = await plainSessionOpener();
  const limit = pLimit(CONCURRENCY);
  const t0 = performance.now();
  await Promise.all(
    targets.map((name) =>
      limit(async () => {
        const { target, connection } = await open(name);
        try {
          await withDedicatedConnection(target, connection, takeSample);
        } finally {
          await connection.client.end();
        }
      }),
    ),
  );
  return performance.now() - t0;
}

// ---- the run ----

const table: [string, string, string, string, string][] = [];
const row = (part: string, figure: string, measured: string, base = '', target = '') =>
  table.push([part, figure, measured, base, target]);

try {
  const total = PARTS.has('two') ? 2 * N : N;
  const perServer = Math.ceil(total / SERVERS);
  // A sampler session and a collector session per target, room for a page's pool on some, and for the bench.
  const settings = { max_connections: String(perServer * 3 + 50), fsync: 'off', synchronous_commit: 'off' };
  log(`starting ${SERVERS} target servers (max_connections ${settings.max_connections}) and the console store`);
  const started = await Promise.all([
    startServer({ fsync: 'off', synchronous_commit: 'off', max_connections: '300' }),
    ...Array.from({ length: SERVERS }, () => startServer(settings)),
  ]);
  store = started[0].server;
  servers.push(...started.slice(1).map((s) => ({ ...s, targets: [] as string[] })));
  applyMigrations(store.url);
  process.env.DATABASE_URL = store.url;
  process.env.TARGETS_SECRET_KEY = SECRET_KEY;
  for (const { server } of servers) {
    await withClient(server.url, (client) => client.query('CREATE DATABASE bench_template'));
    await withClient(targetUrl(server, 'bench_template'), (client) =>
      client.query('CREATE EXTENSION pg_stat_statements'),
    );
  }
  const t0 = performance.now();
  const first = await addTargets(PARTS.has('one') || PARTS.has('stopped') ? N : 2 * N);
  log(`${first.length} target databases created and registered in ${secs(performance.now() - t0)}`);
  const base = await baseline(first);
  const baseFigures = `${ms(base.wallMs)} / round, CPU ${base.cpuPercent.toFixed(1)} % of a core`;
  row('baseline', `plain pg loop, ${first.length} targets, concurrency ${CONCURRENCY}`, baseFigures);
  await buildIfNeeded();

  let solo: Console | undefined;
  if (PARTS.has('one') || PARTS.has('stopped')) {
    solo = await startConsoleProcess(store.url);
    log(`console started (pid ${solo.pid}); warming up (past the collector's start-up, then until a steady round)`);
    await warmUp(1);
  }

  if (PARTS.has('one') && solo) {
    const window = await measureWindow(first, INTERVALS, [solo]);
    const cover = coverage(window);
    const rounds = roundFigures(window.rounds);
    const part = `one process, ${N}`;
    row(
      part,
      `sampled within every interval (gap ≤ ${INTERVAL_S} s + ${SLACK_MS / 1000} s)`,
      `${pct(cover.within, cover.of)} (${cover.within}/${cover.of}); max gap p50 ${secs(cover.p50)}, max ${secs(cover.max)}`,
      '',
      '100 %',
    );
    row(
      part,
      'console CPU (process tree, /proc)',
      `${window.cpu.get(solo.pid)!.toFixed(1)} % of a core`,
      `${base.cpuPercent.toFixed(1)} %`,
      '≤ 50 %',
    );
    row(
      part,
      'console CPU since its start (its start-up included)',
      `${window.cpuSinceStart.get(solo.pid)!.toFixed(1)} % of a core over ${secs(window.to - solo.startedAt)}`,
    );
    row(
      part,
      'connections held (pg_stat_activity)',
      `sampler ${window.connections.sampler}, collector ${window.connections.collector}, other ${window.connections.other}`,
    );
    row(
      part,
      `rounds (sampler_process, ${rounds.settings})`,
      `${rounds.rounds} rounds; roundSeconds max ${rounds.roundSeconds} s; late ${rounds.late}; not sampled ${rounds.notSampled}; held ${rounds.held}; opened ${rounds.opened}; collector ${rounds.collector}`,
      ms(base.wallMs),
    );
  }

  if (PARTS.has('stopped') && solo) {
    const stopped = servers[servers.length - 1];
    const others = first.filter((name) => !stopped.targets.includes(name));
    const stoppedAt = Date.now();
    await stopped.server.stop();
    log(`stopped the server of ${stopped.targets.length} targets; watching three intervals`);
    const seenDown = new Map<string, number>();
    const falselyDown = new Set<string>();
    while (Date.now() < stoppedAt + 3 * INTERVAL_MS) {
      for (const state of await targetStates(first)) {
        if (state.up) continue;
        if (stopped.targets.includes(state.target)) {
          if (!seenDown.has(state.target)) seenDown.set(state.target, Date.now() - stoppedAt);
        } else falselyDown.add(state.target);
      }
      await sleep(250);
    }
    await sleep(WRITE_DELAY_MS);
    const states = await targetStates(stopped.targets);
    const downSince = states.flatMap((s) => (s.down_since ? [s.down_since.getTime() - stoppedAt] : []));
    const times = await sampleTimes(others, stoppedAt, stoppedAt + 3 * INTERVAL_MS);
    const gaps = [...times.values()].map((t) => maxGap(t, stoppedAt, stoppedAt + 3 * INTERVAL_MS));
    const missed = gaps.filter((gap) => gap > INTERVAL_MS + SLACK_MS).length;
    const part = `stopped server, ${N}`;
    const shown = [...seenDown.values()];
    row(
      part,
      `its ${stopped.targets.length} targets down (target_state.up = false)`,
      `${seenDown.size}/${stopped.targets.length}; down_since − stop p50 ${secs(percentile(downSince, 50))}, max ${secs(Math.max(...downSince))}; visible in the store max ${secs(Math.max(...shown))}`,
      '',
      `all, ≤ ${2 * INTERVAL_S} s`,
    );
    row(
      part,
      `the other ${others.length}: read down / missed a round`,
      `${falselyDown.size} down; ${missed} with a gap > ${INTERVAL_S} s + ${SLACK_MS / 1000} s (max gap ${secs(Math.max(...gaps))})`,
      '',
      '0 / 0',
    );
    // Back up, so that the part after this one starts from a healthy fleet.
    const restarted = await startServer(settings, stopped.dataDir, stopped.server.port);
    stopped.server = restarted.server;
    const upAgainFrom = Date.now();
    while ((await targetStates(stopped.targets)).some((s) => !s.up) && Date.now() < upAgainFrom + 3 * INTERVAL_MS)
      await sleep(500);
    row(part, 'after restarting it, all up again in', secs(Date.now() - upAgainFrom));
  }

  if (PARTS.has('two')) {
    const all = first.length === 2 * N ? first : [...first, ...(await addTargets(N))];
    const pair = [solo ?? (await startConsoleProcess(store.url)), await startConsoleProcess(store.url)];
    log(
      `two consoles (pids ${pair.map((c) => c.pid).join(', ')}) on ${all.length} targets; warming up (past the collector's start-up, then until steady rounds)`,
    );
    await warmUp(2);
    const window = await measureWindow(all, INTERVALS, pair);
    const counts = [...window.times.values()].map((t) => t.length);
    const exact = counts.filter((count) => count === INTERVALS).length;
    // Two samples of one target closer than half an interval: sampled by both processes in one interval.
    const doubled = [...window.times.values()].filter((t) =>
      t.some((at, i) => i > 0 && at - t[i - 1] < INTERVAL_MS / 2),
    ).length;
    const cover = coverage(window);
    const members = await processRounds();
    const memberOf = (c: Console) => members.find((m) => tree(c.pid).includes(m.pid))?.memberId;
    const split = new Map<number | null, number>();
    for (const state of await targetStates(all)) split.set(state.sampled_by, (split.get(state.sampled_by) ?? 0) + 1);
    const part = `two processes, ${all.length}`;
    row(
      part,
      `samples per target in ${INTERVALS} intervals`,
      `exactly ${INTERVALS}: ${pct(exact, counts.length)}; min ${Math.min(...counts)}, max ${Math.max(...counts)}; sampled twice in an interval: ${doubled}`,
      '',
      `1 per interval`,
    );
    row(
      part,
      'sampled within every interval',
      `${pct(cover.within, cover.of)}; max gap ${secs(cover.max)}`,
      '',
      '100 %',
    );
    row(
      part,
      'target_state.sampled_by',
      [...split].map(([member, count]) => `${member ?? 'none'}: ${count}`).join(', '),
      '',
      'two members',
    );
    for (const c of pair) {
      const rounds = roundFigures(window.rounds.filter((r) => r.memberId === memberOf(c)));
      row(
        part,
        `process ${memberOf(c)}: CPU; rounds`,
        `${window.cpu.get(c.pid)!.toFixed(1)} % of a core; roundSeconds max ${rounds.roundSeconds} s, late ${rounds.late}, not sampled ${rounds.notSampled}, held ${rounds.held}, opened ${rounds.opened}, collector ${rounds.collector}`,
        `${((base.cpuPercent * all.length) / 2 / first.length).toFixed(1)} %`,
      );
    }
    row(
      part,
      'connections held (pg_stat_activity, both)',
      `sampler ${window.connections.sampler}, collector ${window.connections.collector}, other ${window.connections.other}`,
    );

    const victim = pair[1];
    const victimMember = memberOf(victim);
    const handed = (await targetStates(all)).filter((s) => s.sampled_by === victimMember).map((s) => s.target);
    const killedAt = Date.now();
    killTree(victim.pid, 'SIGKILL');
    consoles.splice(consoles.indexOf(victim), 1);
    log(`killed process ${victimMember} (pid ${victim.pid}) holding ${handed.length} targets; watching two intervals`);
    // The survivor's rounds meanwhile: what it could not do in time, and the connections it opened to take over.
    const survivorRounds = new Map<string, ProcessRound>();
    for (let at = killedAt + 1_000; at <= killedAt + 2 * INTERVAL_MS; at += 1_000) {
      await sleepUntil(at);
      for (const round of await processRounds())
        if (round.memberId === memberOf(pair[0]) && round.seenAt > killedAt)
          survivorRounds.set(`${round.seenAt}`, round);
    }
    await sleep(WRITE_DELAY_MS);
    const after = await sampleTimes(handed, killedAt, killedAt + 2 * INTERVAL_MS);
    const delays = [...after.values()].flatMap((t) => (t.length ? [t[0] - killedAt] : []));
    const inOne = delays.filter((d) => d <= INTERVAL_MS).length;
    row(
      part,
      `kill -9 one: its ${handed.length} targets, kill → next sample`,
      `within ${INTERVAL_S} s: ${pct(inOne, handed.length)}; p50 ${secs(percentile(delays, 50))}, p95 ${secs(percentile(delays, 95))}, max ${secs(Math.max(...delays))}; none in ${2 * INTERVAL_S} s: ${handed.length - delays.length}`,
      '',
      `≤ ${INTERVAL_S} s`,
    );
    const taking = roundFigures([...survivorRounds.values()]);
    row(
      part,
      `the survivor's ${taking.rounds} rounds after the kill`,
      `roundSeconds max ${taking.roundSeconds} s, late ${taking.late}, not sampled ${taking.notSampled}, held ${taking.held}, opened ${taking.opened}, collector ${taking.collector} (${taking.settings})`,
    );
    const survivor = pair[0];
    killTree(survivor.pid, 'SIGKILL');
    consoles.splice(consoles.indexOf(survivor), 1);
    await sleep(2_000);
    row(
      part,
      `bare pg, nothing else running: a new session and one sample for each of the ${handed.length}`,
      secs(await takeOverBaseline(handed)),
      '',
      `≤ ${INTERVAL_S} s`,
    );
  }

  console.log(
    `\nfleet sampler: ${SERVERS} target servers, interval ${INTERVAL_S} s, measured over ${INTERVALS} intervals after a warm-up past the collector's start-up (${COLLECTOR_START_MS / 1000} s) and a steady round`,
  );
  const widths = [0, 1, 2, 3, 4].map((i) =>
    Math.max(
      ...[['part', 'figure', 'measured', 'baseline', 'issue target'][i], ...table.map((r) => r[i])].map(
        (c) => c.length,
      ),
    ),
  );
  for (const line of [['part', 'figure', 'measured', 'baseline', 'issue target'], ...table])
    console.log(line.map((cell, i) => cell.padEnd(widths[i])).join('  '));
} finally {
  await cleanUp();
}
process.exit(0);
