// Not 'server-only': scripts/ loads it too (tsx, outside Next.js), where that import throws.
/**
 * Applies both migration histories, as `npm start` and the tests do: the six application tables' (prisma/app-
 * migrations) to the primary, and the console's own (prisma/migrations) to the console database — the primary
 * too unless CONSOLE_DATABASE_URL is set. An install made before the two histories were split recorded the
 * console's first tables under the application's first migration; it is adopted by marking the console's first
 * migration applied (`prisma migrate resolve --applied`, Prisma's documented baselining), never by running it twice.
 */
import path from 'node:path';
import pg from 'pg';
import { z } from 'zod';
import { parseConnectionString } from '../config/connection-string';
import { toPgPoolConfig } from '../config/pg-pool-config';
import { bool, clientRunner, text } from '../pg/rows';
import { runProject, type RunOptions } from './run-command';

export const CONSOLE_FIRST_MIGRATION = '20261126000001_console_init';

/** The prisma CLI, and the deploy arguments of each history in the order they are applied. */
export const PRISMA_CLI = path.join('node_modules', 'prisma', 'build', 'index.js');
export const DEPLOY_TABLES = ['migrate', 'deploy', '--config', path.join('prisma', 'app.config.ts')];
export const DEPLOY_CONSOLE = ['migrate', 'deploy'];

/** The environment both histories read their databases from (prisma/migration-adapter.ts). */
export function migrationEnv(base: NodeJS.ProcessEnv, { primaryUrl, consoleUrl }: MigrationTargets): NodeJS.ProcessEnv {
  return { ...base, DATABASE_URL: primaryUrl, CONSOLE_DATABASE_URL: consoleUrl, CHECKPOINT_DISABLE: '1' };
}
const COMBINED_FIRST_MIGRATION = '20261126000000_init';

/** Whether `url`'s database holds the console tables of the combined history but not the console's own record of them. */
export async function needsAdoption(url: string): Promise<boolean> {
  const client = new pg.Client({ ...toPgPoolConfig(parseConnectionString(url)), connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  await client.connect();
  try {
    const run = clientRunner(client);
    const [present] = await run(
      z.object({ history: bool, console_tables: bool }),
      `SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS history, to_regclass('console.users') IS NOT NULL AS console_tables`,
    );
    if (!present.history || !present.console_tables) return false;
    const recorded = await run(
      z.object({ name: text }),
      `SELECT migration_name AS name FROM public._prisma_migrations WHERE migration_name = ANY($1::text[]) AND finished_at IS NOT NULL`,
      [[COMBINED_FIRST_MIGRATION, CONSOLE_FIRST_MIGRATION]],
    );
    const names = new Set(recorded.map((row) => row.name));
    return names.has(COMBINED_FIRST_MIGRATION) && !names.has(CONSOLE_FIRST_MIGRATION);
  } finally {
    await client.end().catch(() => {});
  }
}

export interface MigrationTargets {
  primaryUrl: string;
  /** The console database; the primary when it is the same. */
  consoleUrl: string;
}

/**
 * How many migrations one `prisma migrate deploy` applied, read from its summary: each applied migration is a
 * directory line of the tree it prints ("  └─ 20261126000000_init/"); "No pending migrations to apply." has none.
 */
export function countAppliedMigrations(output: string[]): number {
  return output.filter((line) => /└─ [^/\s]+\/\s*$/.test(line)).length;
}

/**
 * Applies both histories with the CLI's output kept, not printed: `npm start` shows it only when a command fails
 * (in the error it throws), and otherwise says how many migrations were applied.
 */
export async function applyMigrations(
  targets: MigrationTargets,
  options: Omit<RunOptions, 'env' | 'silent'> & { env?: NodeJS.ProcessEnv } = {},
): Promise<{ applied: number }> {
  const env = migrationEnv(options.env ?? process.env, targets);
  const run = (args: string[], prefix: string) =>
    runProject(PRISMA_CLI, args, { ...options, env, silent: true, prefix: `${options.prefix ?? ''}${prefix}` });
  const tables = await run(DEPLOY_TABLES, '[migrate tables] ');
  if (await needsAdoption(targets.consoleUrl))
    await run(['migrate', 'resolve', '--applied', CONSOLE_FIRST_MIGRATION], '[migrate console] ');
  const consoleTables = await run(DEPLOY_CONSOLE, '[migrate console] ');
  return { applied: countAppliedMigrations(tables) + countAppliedMigrations(consoleTables) };
}
