/**
 * What the database waited on, as an on-call engineer reads it after the fact: a real lock wait on the console's
 * database shows up under "Lock waits in the past" on Activity with its tree (blocker, waiter, mode, table, no
 * literal values); the minute it happened in shows lock waits in "Average active sessions by wait class", whose
 * drill-down names the wait event; History shows the same chart.
 */
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import pg from 'pg';
import { readEmbeddedUrl } from '../lib/embedded/embedded-server';
import { signIn } from './support/auth';
import { ensureUser, withDb } from './support/db';
import { E2E } from './support/settings';

async function connect(applicationName: string): Promise<{ client: pg.Client; pid: number }> {
  const client = new pg.Client({
    connectionString: await readEmbeddedUrl(path.resolve(E2E.dataDir)),
    application_name: applicationName,
  });
  client.on('error', () => {});
  await client.connect();
  const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  return { client, pid };
}

/** The page is rendered on the server from what the collector stored: reload until `check` passes. */
async function reloadUntil(page: Page, check: () => Promise<void>, timeout: number): Promise<void> {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout, intervals: [1_000, 2_000] });
}

test.afterAll(() => withDb((c) => c.query('DROP TABLE IF EXISTS e2e_lock_probe')));

test('a past lock wait is listed with its tree, and lock waits show in the wait-class chart and its drill-down', async ({
  page,
}) => {
  // The chart's minute is written once the minute is over: up to a minute after the wait.
  test.setTimeout(180_000);
  await ensureUser(E2E.viewer, 'viewer');
  await withDb(async (c) => {
    await c.query('CREATE TABLE IF NOT EXISTS e2e_lock_probe (id int PRIMARY KEY, v text)');
    await c.query(`INSERT INTO e2e_lock_probe VALUES (1, 'start') ON CONFLICT DO NOTHING`);
  });
  const holder = await connect('e2e-lock-holder');
  const waiter = await connect('e2e-lock-waiter');
  await holder.client.query('BEGIN');
  await holder.client.query(`UPDATE e2e_lock_probe SET v = 'holder-secret' WHERE id = 1`);
  const waiting = waiter.client
    .query(`UPDATE e2e_lock_probe SET v = 'waiter-secret' WHERE id = 1`)
    .catch((error: Error) => error);
  try {
    await signIn(page, E2E.viewer);
    await page.goto('/activity?range=15m');
    const episode = page.getByTestId('lock-wait-episodes').locator(`li[data-root-pid="${holder.pid}"]`);
    await reloadUntil(page, () => expect(episode).toBeVisible({ timeout: 1_000 }), 30_000);

    await episode.locator('summary').click();
    const root = episode.getByTestId(`blocking-node-${holder.pid}`);
    await expect(root).toBeVisible();
    const waiterNode = root.getByTestId(`blocking-node-${waiter.pid}`);
    await expect(waiterNode).toContainText('ShareLock');
    await expect(waiterNode).toContainText('e2e_lock_probe');
    await expect(waiterNode).toContainText('UPDATE e2e_lock_probe SET v = ? WHERE id = ?');
    await expect(episode).not.toContainText('secret');
  } finally {
    await holder.client.query('ROLLBACK');
    await waiting;
    await Promise.all([holder.client.end(), waiter.client.end()]);
  }

  const section = page.getByTestId('section-wait-classes');
  const lockRow = section.getByTestId('wait-class-table').locator('tr[data-wait-class="Lock"]');
  await reloadUntil(page, () => expect(lockRow).toBeVisible({ timeout: 1_000 }), 100_000);
  await expect(section.getByTestId('chart-wait-classes')).toBeVisible();
  await lockRow.getByRole('link', { name: 'What is behind Lock' }).click();
  await expect(page).toHaveURL(/[?&]wait=Lock\b/);
  await expect(page).toHaveURL(/[?&]range=15m\b/);
  const detail = page.getByTestId('section-wait-class-detail');
  await expect(detail.getByRole('heading', { name: 'Behind Lock, last 15m' })).toBeVisible();
  await expect(detail.getByTestId('wait-class-events')).toContainText('transactionid');
  await expect(detail.getByTestId('wait-class-users').locator('tbody tr')).not.toHaveCount(0);
  await expect(detail.getByTestId('wait-class-statements').locator('tbody tr')).not.toHaveCount(0);

  await page.goto('/history?range=15m');
  await expect(page.getByTestId('section-wait-classes').getByTestId('chart-wait-classes')).toBeVisible();
  await expect(page.getByTestId('wait-class-table').locator('tr[data-wait-class="Lock"]')).toBeVisible();
});
