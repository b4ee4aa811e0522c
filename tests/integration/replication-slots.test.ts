/**
 * Replication slots, created for real: an inactive physical slot keeps the WAL written after it (the classic
 * disk-filling outage) and is flagged; a slot that reserved nothing retains nothing; a slot a real WAL receiver
 * (Debian's pg_receivewal) streams from is active and not flagged. Retention is compared with SQL read just before
 * and just after the report (WAL only grows).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { getReplicationSlotReport } from '@/lib/pg/replication-slots';
import { sqlValue, withClient } from '../support/sql';

const retainedSql = `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::float8 FROM pg_replication_slots WHERE slot_name = $1`;
const slotOf = async (name: string) => (await getReplicationSlotReport()).slots.find((slot) => slot.name === name);

afterAll(async () => {
  await withClient(async (client) => {
    await client.query(
      `SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name LIKE 'test_slot_%' AND NOT active`,
    );
    await client.query('DROP TABLE IF EXISTS slot_wal');
  });
});

describe('replication slots', () => {
  it('reports an inactive slot with the WAL it retains, flagged, beside wal_status and the server limit', async () => {
    await withClient(async (client) => {
      await client.query(`SELECT pg_create_physical_replication_slot('test_slot_idle', true)`);
      await client.query('CREATE TABLE slot_wal AS SELECT i, md5(i::text) AS h FROM generate_series(1, 20000) AS i');
    });
    const before = await sqlValue<number>(retainedSql, ['test_slot_idle']);
    const report = await getReplicationSlotReport();
    const after = await sqlValue<number>(retainedSql, ['test_slot_idle']);
    const slot = report.slots.find((row) => row.name === 'test_slot_idle')!;
    expect(before).toBeGreaterThan(1_000_000);
    expect(slot.retainedBytes).toBeGreaterThanOrEqual(before);
    expect(slot.retainedBytes).toBeLessThanOrEqual(after);
    expect(slot).toMatchObject({
      type: 'physical',
      database: null,
      active: false,
      activePid: null,
      walStatus: 'reserved',
      safeWalSizeBytes: null,
    });
    expect(slot.problem).toMatch(/^inactive and retaining WAL/);
    expect(report).toMatchObject({
      walStatusAvailable: true,
      maxSlotWalKeepSize: await sqlValue<string>(`SELECT current_setting('max_slot_wal_keep_size')`),
    });
  });

  it('reports a slot that reserved no WAL as retaining none, and does not flag it', async () => {
    await withClient((client) => client.query(`SELECT pg_create_physical_replication_slot('test_slot_unreserved')`));
    expect(await slotOf('test_slot_unreserved')).toMatchObject({
      active: false,
      retainedBytes: null,
      walStatus: null,
      problem: null,
    });
  });

  it(
    'reports a slot a WAL receiver streams from as active, with its pid, and does not flag it',
    { timeout: 30_000 },
    async () => {
      await withClient((client) => client.query(`SELECT pg_create_physical_replication_slot('test_slot_live', true)`));
      const dir = await mkdtemp(path.join(os.tmpdir(), 'halcytone-receivewal-'));
      const url = new URL(inject('databaseUrl'));
      const receiver: ChildProcess = spawn(
        'pg_receivewal',
        ['-h', url.hostname, '-p', url.port, '-U', url.username, '--slot=test_slot_live', '-D', dir, '--no-password'],
        {
          env: { ...process.env, PGPASSWORD: decodeURIComponent(url.password) },
          stdio: 'ignore',
        },
      );
      try {
        await expect.poll(async () => (await slotOf('test_slot_live'))?.active, { timeout: 10_000 }).toBe(true);
        const slot = (await slotOf('test_slot_live'))!;
        expect(slot.activePid).toBe(
          await sqlValue<number>(`SELECT active_pid FROM pg_replication_slots WHERE slot_name = 'test_slot_live'`),
        );
        expect(slot.activePid).toBe(
          await sqlValue<number>(`SELECT pid FROM pg_stat_replication WHERE application_name = 'pg_receivewal'`),
        );
        expect(slot).toMatchObject({ walStatus: 'reserved', problem: null });
      } finally {
        receiver.kill('SIGTERM');
        await new Promise((resolve) => receiver.once('exit', resolve));
        await rm(dir, { recursive: true, force: true });
      }
      await expect.poll(async () => (await slotOf('test_slot_live'))?.active, { timeout: 10_000 }).toBe(false);
    },
  );
});
