/**
 * What one sample (lib/sampler/sample.ts takeSample) costs, query by query, on a server that holds many watched
 * databases — the shape of bench/fleet-sampler.ts's targets, where a round of 1,000 samples must fit in 15 s. Each
 * query of the sample runs once on each of --databases warm sessions, one at a time (no concurrency, so the wall time
 * is the server's time plus one round trip); `SELECT 1` on the same sessions is the baseline. The workload
 * collector's active-session read (every ACTIVITY_SAMPLE_SECONDS per target) is timed beside them.
 * Usage: npx tsx --conditions=react-server bench/sample-cost.ts [--databases 250] [--repeat 3]
 * (run it under `flock /tmp/halcytone-heavy.lock`; about a minute at 250)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startEmbeddedServer } from '../lib/embedded/embedded-server';
import type { NamedConnection } from '../lib/targets/target-list';
import { ms, percentile, withClient } from './support';

const { values: args } = parseArgs({
  options: { databases: { type: 'string', default: '250' }, repeat: { type: 'string', default: '3' } },
});
const DATABASES = Number(args.databases);
const REPEAT = Number(args.repeat);

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'halcytone-bench-sample-'));
const server = await startEmbeddedServer({
  dataDir,
  settings: { max_connections: String(DATABASES + 50), fsync: 'off', synchronous_commit: 'off' },
});
const sessions: { target: NamedConnection; connection: { client: pg.Client } }[] = [];
try {
  process.env.DATABASE_URL = server.url;
  const { parseConnectionString } = await import('../lib/config/connection-string');
  const { monitoringClientConfig, withDedicatedConnection, query } = await import('../lib/pg/client');
  const { takeSample, slowFiguresOf } = await import('../lib/sampler/sample');
  const { getServerIdentity, getServerInfo } = await import('../lib/pg/server');
  const { getDatabaseSize } = await import('../lib/pg/space');
  const { getServerActivity, sampleActiveSessions } = await import('../lib/pg/activity');
  const { SharedReads } = await import('../lib/sampler/shared-reads');
  const { countSlowStatements } = await import('../lib/pg/statements');
  const { getCacheHitRatio } = await import('../lib/pg/cache');
  const { getDatabaseCounters } = await import('../lib/pg/database');
  const { getReplicationSummary, getRecoveryStatus } = await import('../lib/pg/replication');
  const { countLocksByMode } = await import('../lib/pg/locks');
  const { NO_COLUMNS } = await import('../lib/pg/rows');

  await withClient(server.url, (client) => client.query('CREATE DATABASE bench_template'));
  const urlOf = (database: string) => {
    const url = new URL(server.url);
    url.pathname = `/${database}`;
    return url.toString();
  };
  await withClient(urlOf('bench_template'), (client) => client.query('CREATE EXTENSION pg_stat_statements'));
  const names = Array.from({ length: DATABASES }, (_, i) => `cost_${String(i).padStart(4, '0')}`);
  for (const name of names)
    await withClient(server.url, (client) => client.query(`CREATE DATABASE ${name} TEMPLATE bench_template`));
  for (const name of names) {
    const target = { name, connection: parseConnectionString(urlOf(name)) };
    const client = new pg.Client(monitoringClientConfig(target, 'bench sample-cost'));
    await client.connect();
    sessions.push({ target, connection: { client } });
  }
  console.error(`[sample-cost] ${DATABASES} databases, one warm session each`);

  const carried = slowFiguresOf(
    await withDedicatedConnection(sessions[0].target, sessions[0].connection, () => takeSample()),
  );
  // The sampler's sharing at its steady state: the server's sessions read by another of its databases moments ago.
  const shared = new SharedReads<Awaited<ReturnType<typeof getServerActivity>>>(Number.MAX_SAFE_INTEGER);
  await withDedicatedConnection(sessions[0].target, sessions[0].connection, () => takeSample(null, shared));
  const parts: [string, () => Promise<unknown>][] = [
    ['SELECT 1 (baseline)', () => query(NO_COLUMNS, 'SELECT 1')],
    ['getServerInfo', getServerInfo],
    ['getDatabaseSize', getDatabaseSize],
    ['getServerIdentity', getServerIdentity],
    ['getServerActivity (the whole server)', () => getServerActivity(30)],
    ['countSlowStatements', () => countSlowStatements(1_000)],
    ['getCacheHitRatio', getCacheHitRatio],
    ['getDatabaseCounters', getDatabaseCounters],
    ['getReplicationSummary', getReplicationSummary],
    ['countLocksByMode', countLocksByMode],
    ['getRecoveryStatus', () => getRecoveryStatus()],
    ['takeSample (all of the above)', () => takeSample()],
    // What three samples in four are: the database size and slow-statement count carried from the last read.
    ['takeSample, slow figures carried', () => takeSample(carried)],
    // And what most samples are at a server of many watched databases: the sessions read by another of them.
    ['takeSample, sessions shared', () => takeSample(null, shared)],
    ['takeSample, carried and shared', () => takeSample(carried, shared)],
    // Not the sampler's: the workload collector's active-session read, every ACTIVITY_SAMPLE_SECONDS per target.
    ['sampleActiveSessions (workload)', sampleActiveSessions],
  ];
  // Every session's first queries load its catalog caches: once, before anything is timed.
  for (const s of sessions) await withDedicatedConnection(s.target, s.connection, () => takeSample());
  const rows: [string, string, string][] = [];
  for (const [name, work] of parts) {
    const perCall: number[] = [];
    for (let r = 0; r < REPEAT; r++)
      for (const s of sessions) {
        const t0 = performance.now();
        await withDedicatedConnection(s.target, s.connection, work);
        perCall.push(performance.now() - t0);
      }
    rows.push([name, ms(percentile(perCall, 50)), ms(percentile(perCall, 95))]);
  }
  console.log(`\nsample cost: one server, ${DATABASES} databases, a warm session each, calls one at a time`);
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(`${'query'.padEnd(width)}  p50 per call  p95 per call`);
  for (const [name, p50, p95] of rows) console.log(`${name.padEnd(width)}  ${p50.padStart(12)}  ${p95.padStart(12)}`);
} finally {
  await Promise.allSettled(sessions.map((s) => s.connection.client.end()));
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
}
