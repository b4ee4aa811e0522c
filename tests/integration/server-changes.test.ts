/**
 * What changed around the workload (lib/pg/server-changes.ts, lib/workload/changes): the reads say what SQL says;
 * the change task's first visit is only a baseline, and after ALTER SYSTEM + reload its next visit stores the
 * setting old → new; pg_stat_statements_reset() and pg_stat_reset() are stored as statistics resets at their own
 * times; a task that starts afresh (a console restart) compares with the stored state, so it reports nothing twice
 * and still finds what changed while it was down; and a real restart of a throw-away server is stored as one.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseConnectionString } from '@/lib/config/connection-string';
import { startEmbeddedServer } from '@/lib/embedded/embedded-server';
import { withTarget } from '@/lib/pg/client';
import { getServerChangeState, listSettingValues } from '@/lib/pg/server-changes';
import type { Target } from '@/lib/targets/registry';
import { createChangeTask } from '@/lib/workload/changes/change-task';
import { sqlValue, withClient } from '../support/sql';
import { testTarget } from '../support/targets';

const sql = (text: string, values: unknown[] = []) => withClient((client) => client.query(text, values));
const target = testTarget;
const T0 = new Date('2031-06-01T03:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

/** One visit of `task` to `of`, as the collector makes it (queries go to the target). */
const visit = (task: ReturnType<typeof createChangeTask>, of: Target, at: Date) =>
  withTarget(of, () => task.collect(of, at));

async function eventsOf(name: string) {
  const { rows } = await sql(
    `SELECT at, kind, summary, detail FROM console.change_event WHERE target = $1 ORDER BY at, id`,
    [name],
  );
  return rows as { at: Date; kind: string; summary: string; detail: Record<string, unknown> }[];
}

/** `name`'s row as the console's pooled session of target `of` sees it. */
const settingOn = async (of: Target, name: string) =>
  (await withTarget(of, listSettingValues)).find((setting) => setting.name === name);

/**
 * ALTER SYSTEM then reload; resolves once the console's session of `of` sees the value. Each backend rereads the
 * configuration when it next goes idle after the signal, and each target has its own pool, so the wait is on
 * the session the task will use.
 */
async function setSystem(of: Target, name: string, value: string | null, expected: string): Promise<void> {
  await sql(value === null ? `ALTER SYSTEM RESET ${name}` : `ALTER SYSTEM SET ${name} = '${value}'`);
  await sql('SELECT pg_reload_conf()');
  await expect.poll(async () => (await settingOn(of, name))?.setting, { timeout: 10_000 }).toBe(expected);
}

afterEach(async () => {
  await setSystem(target('changes-cleanup'), 'work_mem', null, '4096');
});

afterAll(async () => {
  await sql(`DELETE FROM console.change_event WHERE target LIKE 'changes-%'`);
  await sql(`DELETE FROM console.change_baseline WHERE target LIKE 'changes-%'`);
});

describe('the reads', () => {
  it('lists each server setting as pg_settings has it, leaving out what this session set for itself', async () => {
    const settings = await listSettingValues();
    const { rows } = await sql(
      `SELECT name, setting, unit, source, pending_restart FROM pg_settings WHERE source NOT IN ('client', 'session') ORDER BY name`,
    );
    // A parameter that may hold a credential is read as a short hash of its value (SECRET_SETTING).
    const secret = (name: string, value: string) =>
      /conninfo|command|password|secret/.test(name) && value !== ''
        ? `hidden (md5 ${createHash('md5').update(value).digest('hex').slice(0, 8)})`
        : value;
    // The console's own startup parameters (its timeouts; the test's session sets none) are not the server's
    // configuration: left out, every other row as SQL has it.
    const own = ['lock_timeout', 'statement_timeout'];
    expect(settings.map((s) => [s.name, s.setting, s.unit, s.pendingRestart])).toEqual(
      rows
        .filter((r) => !own.includes(r.name))
        .map((r) => [r.name, r.setting === null ? null : secret(r.name, r.setting), r.unit, r.pending_restart]),
    );
    expect(settings.find((s) => s.name === 'application_name')).toBeUndefined();
    expect(settings.find((s) => s.name === 'work_mem')).toMatchObject({ setting: '4096', unit: 'kB' });
  });

  it('never reads the value of a parameter that may hold a credential, only a hash that shows it changed', async () => {
    const of = target('changes-secret');
    // primary_conninfo holds a replica's password; a primary takes it on a reload and ignores it.
    await sql(`ALTER SYSTEM SET primary_conninfo = 'host=primary.example user=replicator password=hunter2-secret'`);
    await sql('SELECT pg_reload_conf()');
    try {
      await expect
        .poll(async () => (await settingOn(of, 'primary_conninfo'))?.setting, { timeout: 10_000 })
        .toMatch(/^hidden \(md5 [0-9a-f]{8}\)$/);
      const values = JSON.stringify(await withTarget(of, listSettingValues));
      expect(values).not.toContain('hunter2');
    } finally {
      await sql('ALTER SYSTEM RESET primary_conninfo');
      await sql('SELECT pg_reload_conf()');
    }
  });

  it('reads the start time, the role and both reset times as SQL says', async () => {
    const { rows } = await sql(
      `SELECT pg_postmaster_start_time() AS started, pg_is_in_recovery() AS recovery,
              (SELECT stats_reset FROM pg_stat_database WHERE datname = current_database()) AS db_reset,
              (SELECT stats_reset FROM pg_stat_statements_info) AS statements_reset`,
    );
    expect(await getServerChangeState()).toEqual({
      startedAt: rows[0].started,
      inRecovery: false,
      databaseStatsReset: rows[0].db_reset,
      statementsStatsReset: rows[0].statements_reset,
      settingsFingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
  });
});

describe('the change task', () => {
  it('records a baseline first, then a changed setting old → new at the visit that saw it', async () => {
    const task = createChangeTask();
    const of = target('changes-settings');
    // The settings' rows are read at the first visit only: the next one finds their fingerprint unchanged.
    const listReads = () =>
      sqlValue<number>(
        `SELECT coalesce(sum(calls), 0)::int FROM pg_stat_statements
         WHERE query LIKE '%pending_restart AS "pendingRestart"%' AND query NOT LIKE '%settingsFingerprint%'
           AND query NOT LIKE '%pg_stat_statements%'`,
      );
    const readsBefore = await listReads();
    await visit(task, of, T0);
    expect(await eventsOf(of.name)).toEqual([]);
    await visit(task, of, minutes(3));
    expect(await eventsOf(of.name)).toEqual([]);
    expect((await listReads()) - readsBefore).toBe(1);

    await setSystem(of, 'work_mem', '7MB', '7168');
    await visit(task, of, minutes(6));
    expect(await eventsOf(of.name)).toEqual([
      {
        at: minutes(6),
        kind: 'setting',
        summary: 'work_mem: 4MB → 7MB',
        detail: {
          name: 'work_mem',
          from: '4MB',
          to: '7MB',
          fromRaw: '4096',
          toRaw: '7168',
          unit: 'kB',
          source: 'configuration file',
          pendingRestart: false,
        },
      },
    ]);

    // Back to the default: one more event, the other way.
    await setSystem(of, 'work_mem', null, '4096');
    await visit(task, of, minutes(9));
    expect((await eventsOf(of.name)).map((event) => event.summary)).toEqual([
      'work_mem: 4MB → 7MB',
      'work_mem: 7MB → 4MB',
    ]);
  });

  it('flags a setting changed in the configuration that waits for a restart', async () => {
    const task = createChangeTask();
    const of = target('changes-pending');
    await visit(task, of, T0);
    const before = (await settingOn(of, 'max_prepared_transactions'))!;
    await sql(`ALTER SYSTEM SET max_prepared_transactions = ${Number(before.setting) + 1}`);
    await sql('SELECT pg_reload_conf()');
    try {
      await expect
        .poll(async () => (await settingOn(of, 'max_prepared_transactions'))?.pendingRestart, { timeout: 10_000 })
        .toBe(true);
      await visit(task, of, minutes(3));
      const [event] = await eventsOf(of.name);
      expect(event.summary).toBe(
        `max_prepared_transactions changed in the configuration; takes effect after a restart (now ${before.setting})`,
      );
      expect(event.detail).toMatchObject({ name: 'max_prepared_transactions', pendingRestart: true });
    } finally {
      await sql('ALTER SYSTEM RESET max_prepared_transactions');
      await sql('SELECT pg_reload_conf()');
    }
  });

  it('stores pg_stat_statements_reset() and pg_stat_reset() as statistics resets at the times the server gives', async () => {
    const task = createChangeTask();
    const of = target('changes-resets');
    await visit(task, of, T0);
    await sql('SELECT pg_stat_statements_reset()');
    await sql('SELECT pg_stat_reset()');
    const { rows } = await sql(
      `SELECT (SELECT stats_reset FROM pg_stat_statements_info) AS statements,
              (SELECT stats_reset FROM pg_stat_database WHERE datname = current_database()) AS db`,
    );
    await visit(task, of, minutes(3));
    const events = await eventsOf(of.name);
    expect(events.map(({ at, kind, summary }) => ({ at, kind, summary }))).toEqual(
      [
        { at: rows[0].statements, kind: 'stats_reset', summary: 'Query statistics reset (pg_stat_statements)' },
        { at: rows[0].db, kind: 'stats_reset', summary: 'Database statistics reset (pg_stat_database)' },
      ].sort((a, b) => a.at.getTime() - b.at.getTime()),
    );
  });

  it('after a console restart compares with the stored state: nothing twice, and what changed meanwhile found', async () => {
    const of = target('changes-console-restart');
    await visit(createChangeTask(), of, T0);
    // A new task (a new console process) with no memory: the stored state is its baseline.
    await visit(createChangeTask(), of, minutes(3));
    expect(await eventsOf(of.name)).toEqual([]);
    await setSystem(of, 'work_mem', '5MB', '5120');
    await visit(createChangeTask(), of, minutes(6));
    expect((await eventsOf(of.name)).map((event) => event.summary)).toEqual(['work_mem: 4MB → 5MB']);
  });

  it('stores a restart of the server at its new start time', { timeout: 120_000 }, async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'halcytone-changes-restart-'));
    let server = await startEmbeddedServer({ dataDir, notice: () => {} });
    try {
      const of: Target = {
        name: 'changes-restart',
        connection: parseConnectionString(server.url),
        source: 'environment',
      };
      const task = createChangeTask();
      await visit(task, of, T0);
      const firstStart = (await withTarget(of, getServerChangeState)).startedAt;
      await server.stop();
      server = await startEmbeddedServer({ dataDir, port: server.port, notice: () => {} });
      await expect.poll(() => visit(task, of, minutes(3)).then(() => true), { timeout: 30_000 }).toBe(true);
      const secondStart = (await withTarget(of, getServerChangeState)).startedAt;
      expect(secondStart.getTime()).toBeGreaterThan(firstStart.getTime());
      const events = await eventsOf(of.name);
      expect(events.filter((event) => event.kind === 'restart')).toEqual([
        {
          at: secondStart,
          kind: 'restart',
          summary: `Server restarted at ${secondStart.toISOString().replace('T', ' ').slice(0, 19)} UTC`,
          detail: { previousStartedAt: firstStart.toISOString(), startedAt: secondStart.toISOString() },
        },
      ]);
    } finally {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
