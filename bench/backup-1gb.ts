/**
 * Backups at about 1 GB: the console's backup (lib/backup/run-backup.ts — pg_dump streamed through a SHA-256
 * meter into local storage, with the manifest counted in the same snapshot) against bare `pg_dump -Fc -Z9` of
 * the same database, in turns, in one run. Prints the time ratio (target ≤ 1.05) and how much this process's
 * resident memory grew while the console's backups ran (target ≤ 64 MB).
 * Usage: npx tsx --conditions=react-server bench/backup-1gb.ts [target-bytes]   (about 5 minutes)
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { parseConnectionString } from '../lib/config/connection-string';
import { toPgPoolConfig } from '../lib/config/pg-pool-config';
import { copyRows } from '../lib/seed/copy-writer';
import { DEMO_TABLES } from '../lib/seed/demo-tables';
import { createRandom } from '../lib/seed/random';
import { withBenchPostgres, withClient } from './support';

const targetBytes = Number(process.argv[2] ?? 1024 ** 3);
const ROUNDS = 2;
const run = promisify(execFile);
const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MB`;

await withBenchPostgres(async (url) => {
  process.env.DATABASE_URL = url;
  const backupDir = await mkdtemp(path.join(os.tmpdir(), 'halcytone-bench-backups-'));
  process.env.BACKUP_DIR = backupDir;
  const connection = parseConnectionString(url);
  const config = toPgPoolConfig(connection);

  // Seed the demo tables' realistic rows, a million at a time, until the database reaches the target size.
  const context = { random: createRandom(11), runTag: 'bench', now: Date.now(), contentPool: 200_000, testCount: 100 };
  const started = performance.now();
  let size = 0;
  for (let round = 0; size < targetBytes; round++) {
    const table = DEMO_TABLES.find((t) => t.name === (round % 2 === 0 ? 'content_audit' : 'content_metrics'))!;
    const pool = new pg.Pool({ ...config, max: 1 });
    const client = await pool.connect();
    await copyRows(client, table.name, table.columns, 1_000_000, (i) => table.row(context, round * 1_000_000 + i));
    size = Number((await client.query('SELECT pg_database_size(current_database()) AS size')).rows[0].size);
    client.release();
    await pool.end();
  }
  await withClient(url, (c) => c.query('VACUUM ANALYZE'));
  console.log(`seeded a ${mb(size)} database in ${((performance.now() - started) / 1000).toFixed(0)} s`);

  const { runBackup } = await import('../lib/backup/run-backup');
  const { findPgTool } = await import('../lib/backup/pg-tools');
  const { libpqEnvironment } = await import('../lib/backup/libpq-env');
  const { getEnv } = await import('../lib/env');
  const pgDump = await findPgTool('pg_dump', undefined);
  const bareFile = path.join(backupDir, 'bare.dump');

  async function bare(): Promise<{ ms: number; bytes: number }> {
    const t0 = performance.now();
    await run(pgDump.path, ['--format=custom', '--compress=9', `--file=${bareFile}`], {
      env: libpqEnvironment(connection) as NodeJS.ProcessEnv,
    });
    const ms = performance.now() - t0;
    const { size: bytes } = await stat(bareFile);
    await rm(bareFile);
    return { ms, bytes };
  }

  let peakRss = 0;
  async function consoleBackup(): Promise<{ ms: number; bytes: number }> {
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const t0 = performance.now();
    const { finished } = await runBackup(
      {
        options: { compression: 9, section: 'all', tables: [], storage: 'local' },
        trigger: 'manual',
        startedBy: 'bench',
      },
      getEnv(),
    );
    const outcome = await finished;
    const ms = performance.now() - t0;
    clearInterval(sampler);
    if (outcome.status !== 'succeeded') throw new Error(`console backup ${outcome.status}: ${outcome.error}`);
    const { getPrisma } = await import('../lib/db');
    const recorded = await getPrisma().backupRun.findUniqueOrThrow({ where: { id: BigInt(outcome.runId) } });
    await rm(path.join(backupDir, recorded.storageLocation!));
    return { ms, bytes: Number(recorded.sizeBytes) };
  }

  // Warm the console's modules and connections with a tiny backup so the baseline RSS includes them.
  await runBackup(
    {
      options: { compression: 9, section: 'schema', tables: [], storage: 'local' },
      trigger: 'manual',
      startedBy: 'bench',
    },
    getEnv(),
  ).then((r) => r.finished);
  global.gc?.();
  const baselineRss = process.memoryUsage().rss;
  peakRss = baselineRss;

  const bareTimes: number[] = [];
  const consoleTimes: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const b = await bare();
    bareTimes.push(b.ms);
    const c = await consoleBackup();
    consoleTimes.push(c.ms);
    console.log(
      `round ${i + 1}: bare pg_dump ${(b.ms / 1000).toFixed(1)} s (${mb(b.bytes)}), console ${(c.ms / 1000).toFixed(1)} s (${mb(c.bytes)})`,
    );
  }
  const total = (values: number[]) => values.reduce((a, b) => a + b, 0);
  console.log(`\n${pgDump.name} ${pgDump.version}, database ${mb(size)}, ${ROUNDS} rounds in turns`);
  console.log(`bare pg_dump -Fc -Z9: ${(total(bareTimes) / ROUNDS / 1000).toFixed(1)} s mean`);
  console.log(`console backup:       ${(total(consoleTimes) / ROUNDS / 1000).toFixed(1)} s mean`);
  console.log(`time ratio console / bare: ${(total(consoleTimes) / total(bareTimes)).toFixed(3)} (target ≤ 1.05)`);
  console.log(
    `console process memory growth: ${mb(peakRss - baselineRss)} (RSS ${mb(baselineRss)} → peak ${mb(peakRss)}; target ≤ 64 MB)`,
  );
  await rm(backupDir, { recursive: true, force: true });
  await (await import('../lib/db')).getPrisma().$disconnect();
});
// The monitoring pool may hold idle connections to the server that was just stopped.
process.exit(0);
