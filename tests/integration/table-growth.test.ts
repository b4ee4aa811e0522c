/**
 * Table growth (lib/workload/table-growth): the task's snapshot holds exactly what pg_total_relation_size (and, for
 * indexes, pg_relation_size) says at that moment; growth between two snapshots is the bytes the inserted rows added;
 * the keyset-paged lists (the stored snapshot's tables and indexes, the live tables and indexes by name) return every
 * row exactly once across pages; retention deletes snapshots older than STATEMENT_HISTORY_DAYS and keeps the rest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEnv } from '@/lib/env';
import { getIndexSizeSnapshot, getTableSizeSnapshot, listIndexSizesByName, listTableSizesByName } from '@/lib/pg/space';
import type { IndexSizeCursor, NameCursor, SnapshotCursor, SnapshotSort } from '@/lib/space/space-view';
import { createTableGrowthTask } from '@/lib/workload/table-growth/table-growth-task';
import {
  findFastestGrowingTables,
  findLatestTableSizeRound,
  listSnapshotIndexes,
  listSnapshotTables,
  listTableGrowth,
} from '@/lib/workload/table-growth/table-size-history';
import { withClient } from '../support/sql';
import { testTarget } from '../support/targets';

const sql = (text: string, values: unknown[] = []) => withClient((client) => client.query(text, values));
const target = testTarget;
const task = createTableGrowthTask();
const T0 = new Date('2031-05-01T10:00:00Z');
/** A vacuum between the task's read and the test's would add a free-space or visibility map and change a size. */
const NO_AUTOVACUUM = 'WITH (autovacuum_enabled = false)';
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

/** What psql would say: every user table's pg_total_relation_size, by "schema.table". */
async function totalsNow(): Promise<Map<string, number>> {
  const { rows } = await sql(
    `SELECT n.nspname || '.' || c.relname AS name, pg_total_relation_size(c.oid)::float8 AS total
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`,
  );
  return new Map(rows.map((row: { name: string; total: number }) => [row.name, row.total]));
}

beforeAll(async () => {
  await sql(`DROP SCHEMA IF EXISTS growth CASCADE`);
  await sql(`DROP SCHEMA IF EXISTS growth_b CASCADE`);
  await sql(`CREATE SCHEMA growth`);
  await sql(`CREATE SCHEMA growth_b`);
  await sql(`CREATE TABLE growth.big (id bigserial PRIMARY KEY, body text) ${NO_AUTOVACUUM}`);
  await sql(`INSERT INTO growth.big (body) SELECT repeat(md5(i::text), 20) FROM generate_series(1, 20000) i`);
  await sql(`CREATE INDEX big_body ON growth.big (left(body, 10))`);
  await sql(`ANALYZE growth.big`);
  await sql(`CREATE TABLE growth.small (id int PRIMARY KEY, note text) ${NO_AUTOVACUUM}`);
  await sql(`INSERT INTO growth.small SELECT i, 'x' FROM generate_series(1, 100) i`);
  await sql(`ANALYZE growth.small`);
  // Never analysed: its reltuples is -1 on PostgreSQL 14+, stored as NULL.
  await sql(`CREATE TABLE growth.unanalysed (id int) ${NO_AUTOVACUUM}`);
  // The same name in two schemas, and many empty tables of equal size: ties the keyset must break.
  await sql(`CREATE TABLE growth_b.small (id int PRIMARY KEY) ${NO_AUTOVACUUM}`);
  for (let i = 0; i < 25; i++) await sql(`CREATE TABLE growth.empty_${i} (id int PRIMARY KEY) ${NO_AUTOVACUUM}`);
});

afterAll(async () => {
  await sql(`DROP SCHEMA growth CASCADE`);
  await sql(`DROP SCHEMA growth_b CASCADE`);
  await sql(`DELETE FROM console.table_size_snapshot WHERE target LIKE 'growth-%'`);
  await sql(`DELETE FROM console.index_size_snapshot WHERE target LIKE 'growth-%'`);
  await sql(`DELETE FROM console.table_size_round WHERE target LIKE 'growth-%'`);
});

describe('the table-growth task', () => {
  it('stores each table total as pg_total_relation_size says at that moment, with its index share and row estimate', async () => {
    await task.collect(target('growth-sizes'), T0);
    const expected = await totalsNow();
    const round = await findLatestTableSizeRound('growth-sizes');
    expect(round?.takenAt).toEqual(T0);
    expect(round?.tableCount).toBe(expected.size);
    const { rows: stored } = await sql(
      `SELECT schema_name || '.' || table_name AS name, total_bytes::float8 AS total, table_bytes::float8 AS heap,
              index_bytes::float8 AS idx, est_rows::float8 AS rows
       FROM console.table_size_snapshot WHERE target = 'growth-sizes'`,
    );
    expect(stored.length).toBe(Math.min(500, expected.size));
    // The test's own tables (autovacuum off, so no fork appears between the two reads); the console's tables grow
    // with the very snapshot written, and other files' tables are vacuumed at will.
    const ours = stored.filter((row) => /^growth(_b)?\./.test(row.name));
    expect(ours.length).toBe(29);
    for (const row of ours) expect(row.total, row.name).toBe(expected.get(row.name));
    const big = stored.find((row) => row.name === 'growth.big')!;
    const { rows: psql } = await sql(
      `SELECT pg_indexes_size('growth.big')::float8 AS idx, pg_table_size('growth.big')::float8 AS heap,
              reltuples::float8 AS rows FROM pg_class WHERE oid = 'growth.big'::regclass`,
    );
    expect(big.idx).toBe(psql[0].idx);
    expect(big.heap).toBe(psql[0].heap);
    expect(big.rows).toBe(psql[0].rows);
    expect(stored.find((row) => row.name === 'growth.unanalysed')!.rows).toBeNull();
  });

  it('keeps only the largest tables, and counts them all', async () => {
    const snapshot = await getTableSizeSnapshot(3);
    const totals = await totalsNow();
    const largest = [...totals.values()].sort((a, b) => b - a).slice(0, 3);
    expect(snapshot.tables.map((t) => t.totalBytes)).toEqual(largest);
    expect(snapshot.tableCount).toBe(totals.size);
  });

  it('stores the largest indexes as pg_relation_size says at that moment, and counts them all', async () => {
    await task.collect(target('growth-indexes'), T0);
    const { rows: live } = await sql(
      `SELECT schemaname || '.' || indexrelname AS name, relname AS "table", pg_relation_size(indexrelid)::float8 AS bytes
       FROM pg_stat_user_indexes`,
    );
    const expected = new Map(live.map((row: { name: string; bytes: number }) => [row.name, row]));
    const round = await findLatestTableSizeRound('growth-indexes');
    expect(round?.indexCount).toBe(live.length);
    const { rows: stored } = await sql(
      `SELECT schema_name || '.' || index_name AS name, table_name AS "table", size_bytes::float8 AS bytes
       FROM console.index_size_snapshot WHERE target = 'growth-indexes'`,
    );
    expect(stored.length).toBe(Math.min(500, live.length));
    // The test's own indexes (their tables have autovacuum off and are not written between the reads).
    const ours = stored.filter((row) => /^growth(_b)?\./.test(row.name));
    expect(ours.length).toBe(29);
    for (const row of ours) expect(row, row.name).toEqual(expected.get(row.name));
    expect(stored.find((row) => row.name === 'growth.big_body')).toMatchObject({ table: 'big' });

    const snapshot = await getIndexSizeSnapshot(3);
    expect(snapshot.indexCount).toBe(live.length);
    expect(snapshot.indexes.map((index) => index.sizeBytes)).toEqual(
      live
        .map((row: { bytes: number }) => row.bytes)
        .sort((a: number, b: number) => b - a)
        .slice(0, 3),
    );
  });

  it('reports the bytes inserted rows added between two snapshots, and the table over the window', async () => {
    const name = 'growth-delta';
    await task.collect(target(name), minutes(0));
    const before = (await totalsNow()).get('growth.small')!;
    await sql(`INSERT INTO growth.small SELECT i, repeat('y', 500) FROM generate_series(101, 5000) i`);
    await task.collect(target(name), minutes(15));
    const after = (await totalsNow()).get('growth.small')!;
    expect(after).toBeGreaterThan(before);

    const ranking = (await findFastestGrowingTables(name, minutes(-60)))!;
    expect(ranking.from).toEqual(minutes(0));
    expect(ranking.to).toEqual(minutes(15));
    const small = ranking.byBytes.find((t) => t.schema === 'growth' && t.table === 'small')!;
    expect(small).toMatchObject({ fromBytes: before, toBytes: after, grewBytes: after - before });
    expect(small.grewRatio).toBeCloseTo((after - before) / before, 10);
    expect(ranking.byBytes[0]).toEqual(small);
    expect(ranking.byRatio[0].table).toBe('small');

    const points = await listTableGrowth(name, 'growth', 'small', minutes(-60));
    expect(points.map((p) => [p.t, p.totalBytes])).toEqual([
      [minutes(0).getTime(), before],
      [minutes(15).getTime(), after],
    ]);
    // A window holding only the newest snapshot has nothing to compare.
    expect(await findFastestGrowingTables(name, minutes(10))).toBeNull();
  });
});

/** Walks a keyset-paged list to its end, returning each row's key; stops a runaway walk. */
async function walk<Row, Cursor>(
  page: (after: Cursor | null) => Promise<{ rows: Row[]; next: Cursor | null }>,
  key: (row: Row) => string,
): Promise<string[]> {
  const keys: string[] = [];
  let after: Cursor | null = null;
  for (let pages = 0; pages < 10_000; pages++) {
    const result = await page(after);
    keys.push(...result.rows.map(key));
    if (!result.next) return keys;
    after = result.next;
  }
  throw new Error('the pages never ended');
}

describe('keyset paging', () => {
  it('returns every stored table exactly once across pages, in every order', async () => {
    await task.collect(target('growth-paging'), T0);
    const { rows } = await sql(
      `SELECT schema_name || '.' || table_name AS name FROM console.table_size_snapshot WHERE target = 'growth-paging'`,
    );
    const expected = rows.map((row: { name: string }) => row.name).sort();
    expect(expected.length).toBeGreaterThan(30);
    for (const sort of ['total', 'table', 'index', 'rows', 'name'] satisfies SnapshotSort[]) {
      const keys = await walk<{ schema: string; table: string }, SnapshotCursor>(
        (after) => listSnapshotTables('growth-paging', T0, sort, after, 7),
        (row) => `${row.schema}.${row.table}`,
      );
      expect(keys.length, sort).toBe(expected.length);
      expect([...keys].sort(), sort).toEqual(expected);
    }
  });

  it('returns every live table exactly once across pages in name order', async () => {
    const keys = await walk<{ schema: string; table: string }, NameCursor>(
      (after) => listTableSizesByName(after, 7),
      (row) => `${row.schema}.${row.table}`,
    );
    expect(keys.length).toBe(new Set(keys).size);
    expect([...keys].sort()).toEqual([...(await totalsNow()).keys()].sort());
    expect(keys).toContain('growth.small');
    expect(keys).toContain('growth_b.small');
  });

  it('returns every live index exactly once across pages in name order', async () => {
    const { rows } = await sql(`SELECT schemaname || '.' || indexrelname AS name FROM pg_stat_user_indexes`);
    const keys = await walk<{ schema: string; index: string }, NameCursor>(
      (after) => listIndexSizesByName(after, 6),
      (row) => `${row.schema}.${row.index}`,
    );
    expect(keys.length).toBe(rows.length);
    expect([...keys].sort()).toEqual(rows.map((row: { name: string }) => row.name).sort());
  });

  it('returns every stored index exactly once across pages, largest first', async () => {
    await task.collect(target('growth-index-paging'), T0);
    const { rows } = await sql(
      `SELECT schema_name || '.' || index_name AS name FROM console.index_size_snapshot WHERE target = 'growth-index-paging'`,
    );
    expect(rows.length).toBeGreaterThan(30);
    const sizes: number[] = [];
    const keys = await walk<{ schema: string; index: string; sizeBytes: number }, IndexSizeCursor>(
      async (after) => {
        const page = await listSnapshotIndexes('growth-index-paging', T0, after, 6);
        sizes.push(...page.rows.map((row) => row.sizeBytes));
        return page;
      },
      (row) => `${row.schema}.${row.index}`,
    );
    expect(keys.length).toBe(rows.length);
    expect([...keys].sort()).toEqual(rows.map((row: { name: string }) => row.name).sort());
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  });
});

describe('retention', () => {
  it('deletes snapshots older than STATEMENT_HISTORY_DAYS and keeps the newer', async () => {
    const name = 'growth-retention';
    const env = getEnv();
    const now = new Date('2031-06-30T12:00:00Z');
    const day = 86_400_000;
    const old = new Date(now.getTime() - (env.STATEMENT_HISTORY_DAYS + 1) * day);
    const kept = new Date(now.getTime() - (env.STATEMENT_HISTORY_DAYS - 1) * day);
    await task.collect(target(name), old);
    await task.collect(target(name), kept);
    await task.retire!(env, now);
    const { rows } = await sql(
      `SELECT 'round' AS kind, taken_at FROM console.table_size_round WHERE target = $1
       UNION ALL SELECT DISTINCT 'snapshot', taken_at FROM console.table_size_snapshot WHERE target = $1
       UNION ALL SELECT DISTINCT 'indexes', taken_at FROM console.index_size_snapshot WHERE target = $1
       ORDER BY 1`,
      [name],
    );
    expect(rows).toEqual([
      { kind: 'indexes', taken_at: kept },
      { kind: 'round', taken_at: kept },
      { kind: 'snapshot', taken_at: kept },
    ]);
  });
});
