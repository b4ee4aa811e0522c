/**
 * Table growth on the Space page, as a DBA uses it: the sizes come from the newest stored snapshot and say when it
 * was taken; the table that grew most is charted over the window picked in the URL, and any other table on a click;
 * the lists page forward with keyset cursors, each row once; "Measure now" reads the sizes live on demand.
 * The collector takes the real first snapshot when the console starts; the spec adds an older one (an hour before,
 * content_audit at half its size) and a newer one holding 60 more tables (and their indexes), as the next 15-minute
 * rounds would.
 */
import { expect, test, type Page } from '@playwright/test';
import { formatTimestamp } from '../lib/format';
import { signIn } from './support/auth';
import { ensureUser, withDb } from './support/db';
import { E2E } from './support/settings';

const EXTRA_TABLES = 60;
let older: Date;
let newer: Date;
let schemaOfAudit: string;

test.beforeAll(async () => {
  // The collector's first round, taken as the console started.
  await expect(async () => {
    const rows = await withDb(
      async (c) => (await c.query(`SELECT 1 FROM console.table_size_round WHERE target = 'primary'`)).rows,
    );
    expect(rows.length).toBeGreaterThan(0);
  }).toPass({ timeout: 60_000 });
  await withDb(async (c) => {
    await c.query(`DROP SCHEMA IF EXISTS e2e_space CASCADE`);
    await c.query(`CREATE SCHEMA e2e_space`);
    for (let i = 0; i < EXTRA_TABLES; i++) await c.query(`CREATE TABLE e2e_space.t${i} (id int PRIMARY KEY)`);
    const { rows } = await c.query(
      `SELECT date_trunc('second', max(taken_at)) AS latest FROM console.table_size_round WHERE target = 'primary'`,
    );
    const latest: Date = rows[0].latest;
    older = new Date(latest.getTime() - 3_600_000);
    newer = new Date(latest.getTime() + 1_000);
    schemaOfAudit = (
      await c.query(`SELECT relnamespace::regnamespace::text AS s FROM pg_class WHERE relname = 'content_audit'`)
    ).rows[0].s;
    for (const at of [older, newer])
      await c.query(
        `INSERT INTO console.table_size_round (target, taken_at, table_count, index_count, measured_ms)
         SELECT 'primary', $1, table_count + $2, index_count + $2, measured_ms FROM console.table_size_round
         WHERE target = 'primary' ORDER BY taken_at DESC LIMIT 1`,
        [at, at === newer ? EXTRA_TABLES : 0],
      );
    // The older round: every table of the real one, content_audit at half its size.
    await c.query(
      `INSERT INTO console.table_size_snapshot (target, taken_at, schema_name, table_name, total_bytes, table_bytes, index_bytes, est_rows)
       SELECT target, $1, schema_name, table_name,
              CASE WHEN table_name = 'content_audit' THEN total_bytes / 2 ELSE total_bytes END,
              CASE WHEN table_name = 'content_audit' THEN table_bytes - total_bytes / 2 ELSE table_bytes END,
              index_bytes, est_rows
       FROM console.table_size_snapshot
       WHERE target = 'primary' AND taken_at = (SELECT max(taken_at) FROM console.table_size_round WHERE target = 'primary' AND taken_at < $2)`,
      [older, newer],
    );
    // The newer round: the real one's tables and the 60 new ones, measured now.
    await c.query(
      `INSERT INTO console.table_size_snapshot (target, taken_at, schema_name, table_name, total_bytes, table_bytes, index_bytes, est_rows)
       SELECT target, $1, schema_name, table_name, total_bytes, table_bytes, index_bytes, est_rows
       FROM console.table_size_snapshot
       WHERE target = 'primary' AND taken_at = (SELECT max(taken_at) FROM console.table_size_round WHERE target = 'primary' AND taken_at < $1 AND taken_at > $2)
       UNION ALL
       SELECT 'primary', $1, 'e2e_space', c.relname, pg_total_relation_size(c.oid), pg_table_size(c.oid), pg_indexes_size(c.oid), NULL
       FROM pg_class c WHERE c.relnamespace = 'e2e_space'::regnamespace AND c.relkind = 'r'`,
      [newer, older],
    );
    // The newer round's indexes: the real round's and the new tables' primary keys, measured now.
    await c.query(
      `INSERT INTO console.index_size_snapshot (target, taken_at, schema_name, table_name, index_name, size_bytes)
       SELECT target, $1, schema_name, table_name, index_name, size_bytes
       FROM console.index_size_snapshot
       WHERE target = 'primary' AND taken_at = (SELECT max(taken_at) FROM console.table_size_round WHERE target = 'primary' AND taken_at < $1 AND taken_at > $2)
       UNION ALL
       SELECT 'primary', $1, 'e2e_space', t.relname, c.relname, pg_relation_size(c.oid)
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
       WHERE c.relnamespace = 'e2e_space'::regnamespace`,
      [newer, older],
    );
  });
});

test.afterAll(async () => {
  await withDb(async (c) => {
    for (const table of ['table_size_snapshot', 'index_size_snapshot'])
      await c.query(`DELETE FROM console.${table} WHERE target = 'primary' AND taken_at IN ($1, $2)`, [older, newer]);
    await c.query(`DELETE FROM console.table_size_round WHERE target = 'primary' AND taken_at IN ($1, $2)`, [
      older,
      newer,
    ]);
    await c.query(`DROP SCHEMA IF EXISTS e2e_space CASCADE`);
  });
});

const names = async (page: Page, testId: string) =>
  (await page.getByTestId(testId).locator('tbody tr td:first-child').allTextContents()).map((name) => name.trim());

test('the Space page reads sizes from the newest snapshot, charts growth and pages its lists', async ({ page }) => {
  await signIn(page, E2E.admin);
  // The collector's real rounds (one at the start, one every 15 minutes of a long run) and the spec's two.
  const rounds = await withDb(
    async (c) =>
      (
        await c.query(
          `SELECT count(*)::int AS n FROM console.table_size_round WHERE target = 'primary' AND taken_at > now() - interval '24 hours'`,
        )
      ).rows[0].n as number,
  );
  await page.goto('/space');
  await expect(page.getByTestId('snapshot-taken-at')).toContainText(
    `From the snapshot taken at ${formatTimestamp(newer)}`,
  );

  // The table that grew most over the default 24 hours is charted, and ranked first.
  const growth = page.getByTestId('section-table-growth');
  await expect(growth.getByRole('heading', { level: 3 }).first()).toHaveText(
    `${schemaOfAudit}.content_audit over the last 24 h`,
  );
  await expect(page.getByTestId('chart-table-growth')).toBeVisible();
  await expect(page.getByTestId('table-growth-summary')).toContainText(`${rounds} snapshots`);
  await expect(page.getByTestId('grew-bytes').locator('tbody tr').first()).toContainText(
    `${schemaOfAudit}.content_audit`,
  );
  await expect(page.getByTestId('chart-grew-bytes')).toBeVisible();

  // The window lives in the URL.
  await growth.getByRole('link', { name: '7 d' }).click();
  await expect(page).toHaveURL(/range=7d/);
  await expect(growth.getByRole('link', { name: '7 d' })).toHaveAttribute('aria-current', 'page');
  await expect(growth.getByRole('heading', { level: 3 }).first()).toHaveText(
    `${schemaOfAudit}.content_audit over the last 7 d`,
  );

  // The snapshot's list: 50 a page, the next page holds the rest, each table once.
  const firstPage = await names(page, 'table-sizes');
  expect(firstPage).toHaveLength(50);
  await page
    .getByRole('navigation', { name: 'Pages of the largest tables' })
    .getByRole('link', { name: 'Next' })
    .click();
  await expect(page).toHaveURL(/after=/);
  await expect(page.getByTestId('table-sizes').locator('tbody tr').first()).not.toHaveText(firstPage[0]);
  const secondPage = await names(page, 'table-sizes');
  const stored = await withDb(
    async (c) =>
      (
        await c.query(
          `SELECT count(*)::int AS n FROM console.table_size_snapshot WHERE target = 'primary' AND taken_at = $1`,
          [newer],
        )
      ).rows[0].n as number,
  );
  expect(new Set([...firstPage, ...secondPage]).size).toBe(Math.min(stored, 100));
  expect(firstPage.filter((name) => secondPage.includes(name))).toEqual([]);

  // Any table's growth on a click.
  await page.getByTestId('table-sizes').getByRole('link', { name: secondPage[0], exact: true }).click();
  await expect(page).toHaveURL(/table=/);
  await expect(growth.getByRole('heading', { level: 3 }).first()).toHaveText(`${secondPage[0]} over the last 7 d`);

  // Every table by name, live: the next page starts after the last name of the first.
  await page.goto('/space');
  const allFirst = await names(page, 'all-table-sizes');
  expect(allFirst).toHaveLength(50);
  await page.getByRole('navigation', { name: 'Pages of every table' }).getByRole('link', { name: 'Next' }).click();
  await expect(page).toHaveURL(/all=/);
  await expect(page.getByTestId('all-table-sizes').locator('tbody tr').first()).not.toHaveText(allFirst[0]);
  const allSecond = await names(page, 'all-table-sizes');
  expect(allFirst.filter((name) => allSecond.includes(name))).toEqual([]);
});

test('indexes are listed by name live, and largest first from the newest snapshot', async ({ page }) => {
  await signIn(page, E2E.admin);
  await page.goto('/space');
  const indexes = page.getByTestId('section-indexes');
  await expect(indexes.getByRole('link', { name: 'by name' })).toHaveAttribute('aria-current', 'page');
  const byName = await names(page, 'index-sizes');
  expect(byName).toEqual([...byName].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));

  await indexes.getByRole('link', { name: 'largest first' }).click();
  await expect(page).toHaveURL(/isort=size/);
  const stored = await withDb(
    async (c) =>
      (
        await c.query(
          `SELECT r.index_count AS "indexCount", s.index_name AS "index", s.size_bytes::float8 AS "bytes"
           FROM console.index_size_snapshot s JOIN console.table_size_round r USING (target, taken_at)
           WHERE target = 'primary' AND taken_at = $1
           ORDER BY s.size_bytes DESC, s.schema_name, s.index_name`,
          [newer],
        )
      ).rows as { indexCount: number; index: string; bytes: number }[],
  );
  await expect(page.getByTestId('index-snapshot-taken-at')).toContainText(
    `From the snapshot taken at ${formatTimestamp(newer)}`,
  );
  await expect(page.getByTestId('index-snapshot-taken-at')).toContainText(
    `of ${stored[0].indexCount.toLocaleString('en')} indexes`,
  );
  // The snapshot's order, 50 a page; the second page continues it.
  expect(await names(page, 'index-sizes')).toEqual(stored.slice(0, 50).map((row) => row.index));
  await page.getByRole('navigation', { name: 'Pages of indexes' }).getByRole('link', { name: 'Next' }).click();
  await expect(page).toHaveURL(/iafter=/);
  await expect(page.getByTestId('index-sizes').locator('tbody tr').first()).toContainText(stored[50].index);
  expect(await names(page, 'index-sizes')).toEqual(stored.slice(50, 100).map((row) => row.index));
});

test('Measure now reads the sizes live, on demand', async ({ page }) => {
  await ensureUser(E2E.viewer, 'viewer');
  await signIn(page, E2E.viewer);
  await page.goto('/space');
  await page.getByRole('button', { name: 'Measure now' }).click();
  await expect(page.getByTestId('live-measured-at')).toContainText('Measured live at');
  await expect(page.getByTestId('live-table-sizes')).toContainText(`${schemaOfAudit}.content_audit`);
});
