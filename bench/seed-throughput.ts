/**
 * Prints the demo seeder's throughput for 1,000,000 rows (issue target: under 30 s) beside its baseline measured
 * in the same run on the same fresh server: the same number of rows generated inside PostgreSQL by a bare
 * INSERT … SELECT generate_series (no client-side generation, no network transfer).
 * Usage: npx tsx bench/seed-throughput.ts [rows]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { parseConnectionString } from '../lib/config/connection-string';
import { toPgPoolConfig } from '../lib/config/pg-pool-config';
import { startEmbeddedServer } from '../lib/embedded/embedded-server';
import { seedDemoData } from '../lib/seed/seed-demo-data';
import { applyMigrations } from '../tests/support/migrate';

const rows = Number(process.argv[2] ?? 1_000_000);
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'halcytone-bench-'));
const server = await startEmbeddedServer({ dataDir });
try {
  applyMigrations(server.url);
  const config = toPgPoolConfig(parseConnectionString(server.url));

  const seeded = await seedDemoData(config, rows, { seed: 1 });

  const client = new pg.Client(config);
  await client.connect();
  const started = performance.now();
  await client.query(
    `INSERT INTO content_audit (content_id, operation, user_id, "timestamp", metadata)
     SELECT 'cnt-' || i, 'generate', 'user-' || (i % 250), now() - i * interval '1 second', jsonb_build_object('n', i)
     FROM generate_series(1, $1::int) AS i`,
    [rows],
  );
  const bareSeconds = (performance.now() - started) / 1000;
  await client.end();

  const line = (label: string, seconds: number) =>
    `${label.padEnd(44)} ${seconds.toFixed(2).padStart(7)} s  ${Math.round(rows / seconds)
      .toLocaleString('en')
      .padStart(10)} rows/s`;
  console.log(`rows: ${rows.toLocaleString('en')} (target: 1,000,000 in under 30 s)`);
  console.log(line('npm run seed (six tables, COPY, varied data)', seeded.seconds));
  console.log(line('baseline: bare INSERT … SELECT generate_series', bareSeconds));
} finally {
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
}
