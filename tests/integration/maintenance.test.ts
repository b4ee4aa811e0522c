/** Maintenance: dead tuples after deletes, XID and multixact wraparound age, sequences near exhaustion. */
import { afterAll, describe, expect, it } from 'vitest';
import {
  findSequencesNearExhaustion,
  listTableMaintenance,
  listTableWraparoundAge,
  listWraparoundAge,
} from '@/lib/pg/maintenance';
import { withClient } from '../support/sql';

afterAll(async () =>
  withClient((client) =>
    client.query('DROP TABLE IF EXISTS maint_probe, maint_multi; DROP SEQUENCE IF EXISTS maint_seq'),
  ),
);

/** Two transactions share-locking the same row: the row's locker becomes a multixact (PostgreSQL docs, "Multixacts and Wraparound"). */
async function makeMultixact(): Promise<void> {
  await withClient(async (first) =>
    withClient(async (second) => {
      await first.query('BEGIN');
      await first.query('SELECT * FROM maint_multi WHERE id = 1 FOR SHARE');
      await second.query('BEGIN');
      await second.query('SELECT * FROM maint_multi WHERE id = 1 FOR SHARE');
      await second.query('COMMIT');
      await first.query('COMMIT');
    }),
  );
}

describe('maintenance', () => {
  it('reports dead tuples left by a delete', async () => {
    await withClient(async (client) => {
      await client.query('CREATE TABLE maint_probe (id int)');
      await client.query('ALTER TABLE maint_probe SET (autovacuum_enabled = false)');
      await client.query('INSERT INTO maint_probe SELECT generate_series(1, 1000)');
      await client.query('DELETE FROM maint_probe WHERE id <= 400');
      await client.query('SELECT pg_stat_force_next_flush()').catch(() => undefined);
    });
    await expect
      .poll(async () => (await listTableMaintenance()).find((t) => t.table === 'maint_probe')?.deadTuples, {
        timeout: 3_000,
      })
      .toBe(400);
    const probe = (await listTableMaintenance()).find((t) => t.table === 'maint_probe')!;
    expect(probe.liveTuples).toBe(600);
    expect(probe.deadShare).toBeCloseTo(0.4, 5);
    expect(probe.lastVacuum).toBeNull();
  });

  it('reports the transaction-ID age of each database', async () => {
    const ages = await listWraparoundAge();
    const age = await withClient(async (c) =>
      Number(
        (await c.query(`SELECT age(datfrozenxid) AS a FROM pg_database WHERE datname = current_database()`)).rows[0].a,
      ),
    );
    expect(ages.find((a) => a.database === 'halcytone_prod')).toMatchObject({ xidAge: age, freezeMaxAge: 200_000_000 });
  });

  it('reports multixact age beside XID age, per database and per table, as SQL computes it', async () => {
    await withClient((client) =>
      client.query('CREATE TABLE maint_multi (id int PRIMARY KEY); INSERT INTO maint_multi VALUES (1)'),
    );
    const tableAge = () =>
      withClient(
        async (c) =>
          (
            await c.query(
              `SELECT mxid_age(relminmxid) AS m, age(relfrozenxid) AS x FROM pg_class WHERE relname = 'maint_multi'`,
            )
          ).rows[0],
      );
    const before = Number((await tableAge()).m);
    await makeMultixact();
    await makeMultixact();

    const database = (await listWraparoundAge()).find((a) => a.database === 'halcytone_prod')!;
    const sql = await withClient(
      async (c) =>
        (await c.query(`SELECT mxid_age(datminmxid) AS m FROM pg_database WHERE datname = current_database()`)).rows[0],
    );
    expect(database.mxidAge).toBe(Number(sql.m));
    expect(database.mxidAge).toBeGreaterThanOrEqual(2);
    expect(database).toMatchObject({
      multixactFreezeMaxAge: 400_000_000,
      mxidShareOfLimit: database.mxidAge / 2 ** 31,
    });

    const table = (await listTableWraparoundAge(10_000)).find((t) => t.table === 'maint_multi')!;
    const after = await tableAge();
    expect(table).toEqual({
      schema: 'public',
      table: 'maint_multi',
      xidAge: Number(after.x),
      mxidAge: Number(after.m),
    });
    expect(table.mxidAge).toBe(before + 2);
  });

  it('lists the tables that hold the wraparound age back, oldest first', async () => {
    const tables = await listTableWraparoundAge(5);
    expect(tables).toHaveLength(5);
    const keys = tables.map((t) => Math.max(t.xidAge, t.mxidAge));
    expect(keys).toEqual([...keys].sort((a, b) => b - a));
  });

  it('flags a sequence close to its maximum and a SERIAL near the int4 limit', async () => {
    await withClient(async (client) => {
      await client.query('CREATE SEQUENCE maint_seq MAXVALUE 1000');
      await client.query(`SELECT setval('maint_seq', 900)`);
    });
    const near = await findSequencesNearExhaustion(0.5);
    expect(near.find((s) => s.sequence === 'maint_seq')).toMatchObject({ lastValue: 900, maxValue: 1000 });
    expect(near.find((s) => s.sequence === 'maint_seq')!.usedShare).toBeCloseTo(899 / 999, 6);
    expect(near.some((s) => s.sequence === 'content_audit_id_seq')).toBe(false);

    // The sequence is bigint, but the SERIAL column it feeds is int4: the report uses the column's limit.
    const original = await withClient(
      async (c) => (await c.query(`SELECT last_value, is_called FROM content_audit_id_seq`)).rows[0],
    );
    try {
      await withClient((client) => client.query(`SELECT setval('content_audit_id_seq', 2000000000)`));
      const serial = (await findSequencesNearExhaustion(0.9)).find((s) => s.sequence === 'content_audit_id_seq');
      expect(serial).toMatchObject({ lastValue: 2000000000, maxValue: 2147483647 });
    } finally {
      await withClient((client) =>
        client.query(`SELECT setval('content_audit_id_seq', $1, $2)`, [original.last_value, original.is_called]),
      );
    }
  });
});
