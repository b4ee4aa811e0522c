/**
 * A backup of a server newer than the installed pg_dump (Debian 12 packages pg_dump 15; this pass's console
 * database is PostgreSQL 18): refused before anything is written, with both versions and what to install, and
 * recorded as a failed run.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BackupOptions } from '@/lib/backup/options';
import { findPgTool } from '@/lib/backup/pg-tools';
import { runBackup } from '@/lib/backup/run-backup';
import { getPrisma } from '@/lib/db';
import { getEnv, type Env } from '@/lib/env';

const everything: BackupOptions = { compression: 9, section: 'all', tables: [], storage: 'local' };
const dumpMajor = (await findPgTool('pg_dump', undefined)).major;
const serverMajor = inject('postgresMajor');
let backupDir: string;
let env: Env;

beforeAll(async () => {
  backupDir = await mkdtemp(path.join(os.tmpdir(), 'halcytone-backups-'));
  env = getEnv({ ...process.env, BACKUP_DIR: backupDir });
});

afterAll(async () => {
  await rm(backupDir, { recursive: true, force: true });
});

describe.runIf(dumpMajor < serverMajor)('with a pg_dump older than the server', () => {
  it('refuses with both versions and what to install, and records the failed run', async () => {
    const attempt = runBackup({ options: everything, trigger: 'schedule', startedBy: 'schedule' }, env);
    await expect(attempt).rejects.toThrow(
      new RegExp(
        `pg_dump ${dumpMajor}\\.\\d+ .* cannot back up a PostgreSQL ${serverMajor}\\.\\d+ server.*postgresql-client-${serverMajor}`,
      ),
    );
    const run = await getPrisma().backupRun.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(run).toMatchObject({ status: 'failed', startedBy: 'schedule' });
    expect(run.error).toContain('cannot back up');
    expect(await readdir(backupDir)).toEqual([]);
  });
});
