/**
 * Report paths with no other browser test: the History charts, whose latest values are those of the newest sample
 * the sampler stored; and an operator's EXPLAIN of a listed statement, drawn as a plan tree.
 */
import { expect, test } from '@playwright/test';
import { formatBytes } from '../lib/format';
import { signIn } from './support/auth';
import { ensureUser, withDb } from './support/db';
import { E2E } from './support/settings';

test('the History charts end at the newest stored sample', async ({ page }) => {
  await signIn(page, E2E.admin);
  await page.goto('/history?range=15m');
  const size = page.getByTestId('chart-summary-database-size');
  const latestAt = await size.getAttribute('data-latest-at');
  expect(latestAt).toBeTruthy();
  const snapshot = await withDb(
    async (client) =>
      (await client.query(`SELECT snapshot FROM console.metric_sample WHERE target = 'primary' AND snapshot->>'takenAt' = $1`, [latestAt])).rows[0]?.snapshot as {
        database: { sizeBytes: number };
        connections: { byState: { state: string; count: number }[] };
      },
  );
  expect(snapshot).toBeDefined();
  const newest = await withDb(async (client) => (await client.query(`SELECT max(taken_at) AS at FROM console.metric_sample WHERE target = 'primary'`)).rows[0].at as Date);
  // Nothing newer than the chart's last point was stored before the page was read, give or take a round.
  expect(newest.getTime() - Date.parse(latestAt!)).toBeLessThanOrEqual(4_000);
  await expect(size).toContainText(`latest ${formatBytes(snapshot.database.sizeBytes)}`);
  const active = snapshot.connections.byState.filter((row) => row.state === 'active').reduce((sum, row) => sum + row.count, 0);
  await expect(page.getByTestId('chart-summary-connections')).toContainText(`latest ${active}`);
  await expect(page.getByTestId('chart-database-size').locator('svg')).toBeVisible();
});

test('an operator explains a listed statement and reads its plan as a tree', async ({ page }) => {
  await ensureUser(E2E.operator, 'operator');
  // A statement slow enough to lead the list by mean time.
  await withDb(async (client) => {
    for (let i = 0; i < 3; i++) await client.query(`SELECT pg_sleep(0.3), count(*) FROM content_metrics WHERE channel = $1 /* e2e explain */`, ['email']);
  });
  await signIn(page, E2E.operator);
  await page.goto('/queries?order=mean');
  const row = page.getByRole('row').filter({ hasText: 'e2e explain' }).first();
  await row.getByRole('button', { name: 'Explain', exact: true }).click();
  const tree = row.getByTestId('plan-tree');
  await expect(tree).toBeVisible();
  await expect(tree).toContainText('Aggregate');
  await expect(tree).toContainText('on content_metrics');
  await expect(row.getByRole('region', { name: 'Plan' })).toContainText('Generic plan');
});
