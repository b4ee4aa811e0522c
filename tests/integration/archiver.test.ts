/**
 * WAL archiving as lib/pg/archiver.ts reports it: pg_stat_archiver's counters and the archiving settings, equal to
 * SQL; a reset of the archiver's statistics is seen as such.
 */
import { describe, expect, it } from 'vitest';
import { getArchiverStatus } from '@/lib/pg/archiver';
import { sqlValue, withClient } from '../support/sql';

describe('the archiver', () => {
  it('reports its counters and settings as pg_stat_archiver and pg_settings have them', async () => {
    await withClient((client) => client.query(`SELECT pg_stat_reset_shared('archiver')`));
    const status = await getArchiverStatus();
    const expected = await withClient(
      async (client) =>
        (
          await client.query(
            `SELECT archived_count::int AS archived, failed_count::int AS failed, stats_reset AS reset,
                    current_setting('archive_mode') AS mode,
                    (SELECT setting NOT IN ('', '(disabled)') FROM pg_settings WHERE name = 'archive_command') AS "commandSet"
             FROM pg_stat_archiver`,
          )
        ).rows[0],
    );
    expect(status).toMatchObject({
      archiveMode: expected.mode,
      archiveCommandSet: expected.commandSet,
      archivedCount: expected.archived,
      failedCount: expected.failed,
      statsResetAt: expected.reset,
    });
    // Just reset: nothing archived or failed since.
    expect([status.archivedCount, status.failedCount]).toEqual([0, 0]);
    expect(Date.now() - status.statsResetAt!.getTime()).toBeLessThan(60_000);
  });

  it('knows archive_library from PostgreSQL 15 on', async () => {
    const status = await getArchiverStatus();
    const versionNum = Number(await sqlValue<string>('SHOW server_version_num'));
    expect(status.archiveLibraryAvailable).toBe(versionNum >= 150000);
    if (versionNum >= 150000)
      expect(status.archiveLibrarySet).toBe(await sqlValue<boolean>(`SELECT current_setting('archive_library') <> ''`));
  });
});
