/**
 * The change timeline's reads (lib/pg/server-changes.ts) on each major from 12 to 18: the settings with
 * pending_restart, the start time and role, pg_stat_database's reset time, and pg_stat_statements_info's from 14 on
 * (the view came with extension 1.9) — null before, never an error.
 */
import { describe, expect, inject, it } from 'vitest';
import { getServerChangeState, listSettingValues } from '@/lib/pg/server-changes';
import { serverUnderTest } from './server-under-test';

const servers = Object.entries(inject('majorUrls'))
  .map(([major, url]) => serverUnderTest(Number(major), url))
  .sort((a, b) => a.major - b.major);

describe.each(servers)('PostgreSQL $major', (server) => {
  it('lists the settings as pg_settings has them', async () => {
    const settings = await server.on(listSettingValues);
    const workMem = settings.find((setting) => setting.name === 'work_mem');
    expect(workMem).toEqual({
      name: 'work_mem',
      setting: await server.value(`SELECT setting FROM pg_settings WHERE name = 'work_mem'`),
      unit: 'kB',
      source: await server.value(`SELECT source FROM pg_settings WHERE name = 'work_mem'`),
      pendingRestart: false,
    });
    expect(settings.length).toBeGreaterThan(200);
  });

  it('reads the start time, the role and the reset times, pg_stat_statements_info from 14 on', async () => {
    const state = await server.on(getServerChangeState);
    expect(state).toEqual({
      startedAt: await server.value('SELECT pg_postmaster_start_time()'),
      inRecovery: false,
      databaseStatsReset: await server.value(
        'SELECT stats_reset FROM pg_stat_database WHERE datname = current_database()',
      ),
      statementsStatsReset:
        server.major >= 14 ? await server.value('SELECT stats_reset FROM pg_stat_statements_info') : null,
      settingsFingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    if (server.major >= 14) expect(state.statementsStatsReset).toBeInstanceOf(Date);
  });
});
