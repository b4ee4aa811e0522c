/** Shared bench plumbing: a throw-away embedded PostgreSQL, migrated, and simple statistics. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedServer } from '../lib/embedded/embedded-server';
import { applyMigrations } from '../tests/support/migrate';

export async function withBenchPostgres<T>(
  work: (url: string) => Promise<T>,
  /** More server settings (`-c name=value`), e.g. a higher max_connections. */
  settings?: Record<string, string>,
): Promise<T> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'halcytone-bench-'));
  const server = await startEmbeddedServer({ dataDir, settings });
  try {
    applyMigrations(server.url);
    await withClient(server.url, (c) => c.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements'));
    return await work(server.url);
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'bench' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Each run's times over `repeats` rounds, taken in turns (a, b, a, b…) after one warm-up each, so every run sees the
 * same cache and load.
 */
export async function timesInTurns(runs: (() => Promise<unknown>)[], repeats: number): Promise<number[][]> {
  for (const run of runs) await run();
  const samples = runs.map(() => [] as number[]);
  for (let i = 0; i < repeats; i++) {
    for (const [index, run] of runs.entries()) {
      const t0 = performance.now();
      await run();
      samples[index].push(performance.now() - t0);
    }
  }
  return samples;
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;

/** The first run (cold), then the median and best of `runs` more. */
export async function measure(run: () => Promise<unknown>, runs = 5) {
  const t0 = performance.now();
  await run();
  const cold = performance.now() - t0;
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await run();
    warm.push(performance.now() - t);
  }
  return { cold, median: percentile(warm, 50), best: Math.min(...warm) };
}
