/**
 * One server of every major the guide supports (12 to 18), started once and in parallel, for the pass that runs
 * every report on each (tests/integration-versions). Each archives WAL, the way its major can: archive_command
 * before 15, the basic_archive module through archive_library from 15, so the archiver card is exercised.
 * The newest major is also the console's own database (DATABASE_URL, with the migrations): the backups' version
 * check then meets a server newer than Debian's pg_dump 15.
 */
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { EMBEDDED_MAJORS, type EmbeddedMajor } from '../../lib/embedded/embedded-server';
import { startTestPostgres } from './postgres-global-setup';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Each major's server, by major ("12" … "18"). */
    majorUrls: Record<string, string>;
  }
}

export const CONSOLE_MAJOR: EmbeddedMajor = 18;

async function archiveSettings(major: EmbeddedMajor, root: string): Promise<Record<string, string>> {
  if (major < 15) return { archive_mode: 'on', archive_command: 'true' };
  const directory = path.join(root, `pg${major}`);
  await mkdir(directory);
  // The server runs as the postgres user when the tests run as root.
  await chmod(directory, 0o777);
  return { archive_mode: 'on', archive_library: 'basic_archive', 'basic_archive.archive_directory': directory };
}

export default async function setup(project: TestProject) {
  const archiveRoot = await mkdtemp(path.join(os.tmpdir(), 'halcytone-archive-'));
  await chmod(archiveRoot, 0o755);
  const started = await Promise.allSettled(
    EMBEDDED_MAJORS.map(async (major) => ({
      major,
      ...(await startTestPostgres(major, {
        migrate: major === CONSOLE_MAJOR,
        settings: await archiveSettings(major, archiveRoot),
      })),
    })),
  );
  const servers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const teardown = async () => {
    await Promise.all(servers.map((server) => server.teardown()));
    await rm(archiveRoot, { recursive: true, force: true });
  };
  const failure = started.find((result) => result.status === 'rejected');
  if (failure) {
    await teardown();
    throw failure.reason;
  }
  const urls = Object.fromEntries(servers.map((server) => [String(server.major), server.url]));
  project.provide('majorUrls', urls);
  project.provide('databaseUrl', urls[CONSOLE_MAJOR]);
  project.provide('postgresMajor', CONSOLE_MAJOR);
  return teardown;
}
