/**
 * What the database waited on, as an on-call engineer reads it after the fact: a real lock wait on the console's
 * database shows up under "Lock waits in the past" on Activity with its tree (blocker, waiter, mode, table, no
 * literal values); the minute it happened in shows lock waits in "Average active sessions by wait class", whose
 * drill-down names the wait event; History shows the same chart. A range given in the URL (?from=&to=) or dragged
 * across the chart shows that window — its classes, the drill-down and the lock waits of those minutes — and a
 * malformed one is explained.
 */
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import pg from 'pg';
import { readEmbeddedUrl } from '../lib/embedded/embedded-server';
import { formatTimestamp } from '../lib/format';
import { createPartitionStatement } from '../lib/workload/partition-names';
import { signIn } from './support/auth';
import { dragAcrossChart } from './support/drag';
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

test.describe('a range given in the URL or dragged on the wait-class chart', () => {
  const MINUTE = 60_000;
  // Twenty minutes six hours back: before the e2e server started, so no minute of the collector's is in them.
  const from = new Date(Math.floor(Date.now() / (60 * MINUTE)) * 60 * MINUTE - 6 * 60 * MINUTE);
  const to = new Date(from.getTime() + 20 * MINUTE);
  const at = (minutes: number) => new Date(from.getTime() + minutes * MINUTE);
  const range = `from=${from.toISOString()}&to=${to.toISOString()}`;

  test.beforeAll(async () => {
    await withDb(async (c) => {
      for (const minute of [at(-1), at(20)]) await c.query(createPartitionStatement('activity_minute', minute));
      // BufferPin waits in every minute of the window, Extension waits in the minutes either side of it.
      await c.query(
        `INSERT INTO console.activity_sample (target, minute, samples)
         SELECT 'primary', $1::timestamptz + g * interval '1 minute', 60 FROM generate_series(-1, 20) AS g
         ON CONFLICT (target, minute) DO UPDATE SET samples = console.activity_sample.samples + EXCLUDED.samples`,
        [from],
      );
      await c.query(
        `INSERT INTO console.activity_minute
           (target, minute, wait_class, wait_event, state, queryid, username, application, sessions)
         SELECT 'primary', $1::timestamptz + g * interval '1 minute',
                CASE WHEN g BETWEEN 0 AND 19 THEN 'BufferPin' ELSE 'Extension' END,
                CASE WHEN g BETWEEN 0 AND 19 THEN 'BufferPin' ELSE 'Extension' END,
                'active', NULL, 'e2e-window-user', 'e2e-window', 90
         FROM generate_series(-1, 20) AS g`,
        [from],
      );
      // A lock-wait episode inside the window and one half an hour before it.
      await c.query(
        `INSERT INTO console.lock_wait_episode
           (target, root_pid, root_user, first_seen, last_seen, samples, max_waiting, max_wait_seconds, tree)
         VALUES ('primary', 424242, 'e2e', $1, $2, 2, 1, 60, '{"pid":424242,"user":"e2e","query":"SELECT ?","blocks":[]}'),
                ('primary', 434343, 'e2e', $3, $3, 1, 1, 1, '{"pid":434343,"user":"e2e","query":"SELECT ?","blocks":[]}')`,
        [at(5), at(6), at(-30)],
      );
    });
  });

  test.afterAll(() =>
    withDb(async (c) => {
      await c.query(`DELETE FROM console.activity_minute WHERE target = 'primary' AND application = 'e2e-window'`);
      await c.query(`DELETE FROM console.activity_sample WHERE target = 'primary' AND minute >= $1 AND minute <= $2`, [
        at(-1),
        at(20),
      ]);
      await c.query(`DELETE FROM console.lock_wait_episode WHERE root_pid IN (424242, 434343)`);
    }),
  );

  test('Activity and History opened with from/to show that window, its drill-down keeps it, a drag narrows it', async ({
    page,
  }) => {
    await ensureUser(E2E.viewer, 'viewer');
    // What the store says of the window: BufferPin's session samples over all samples taken in it.
    const expected = await withDb(
      async (c) =>
        (
          await c.query(
            `SELECT (sum(sessions) FILTER (WHERE wait_class = 'BufferPin'))::float8
                    / (SELECT sum(samples) FROM console.activity_sample
                       WHERE target = 'primary' AND minute >= $1 AND minute < $2) AS average
             FROM console.activity_minute WHERE target = 'primary' AND minute >= $1 AND minute < $2`,
            [from, to],
          )
        ).rows[0].average as number,
    );
    await signIn(page, E2E.viewer);
    await page.goto(`/activity?threshold=7&${range}`);
    await expect(page.getByTestId('dragged-window')).toContainText(formatTimestamp(from));
    const section = page.getByTestId('section-wait-classes');
    await expect(section.getByTestId('chart-wait-classes').locator('svg').first()).toBeVisible();
    const table = section.getByTestId('wait-class-table');
    await expect(table.locator('tr[data-wait-class="BufferPin"]')).toContainText(expected.toFixed(2));
    await expect(table.locator('tr[data-wait-class="Extension"]')).toHaveCount(0);
    const episodes = page.getByTestId('lock-wait-episodes');
    await expect(episodes.locator('li[data-root-pid="424242"]')).toBeVisible();
    await expect(episodes.locator('li[data-root-pid="434343"]')).toHaveCount(0);

    // The drill-down keeps the window (and the threshold).
    await table.getByRole('link', { name: 'What is behind BufferPin' }).click();
    await expect(page).toHaveURL(/[?&]wait=BufferPin\b/);
    const url = new URL(page.url());
    expect([url.searchParams.get('from'), url.searchParams.get('to'), url.searchParams.get('threshold')]).toEqual([
      from.toISOString(),
      to.toISOString(),
      '7',
    ]);
    const detail = page.getByTestId('section-wait-class-detail');
    await expect(
      detail.getByRole('heading', { name: `Behind BufferPin, ${formatTimestamp(from)} – ${formatTimestamp(to)}` }),
    ).toBeVisible();
    await expect(detail.getByTestId('wait-class-users')).toContainText('e2e-window-user');

    // A range dragged across the chart: a narrower window inside this one, keeping the threshold and the class.
    // (The drill-down link scrolled the page to its section; the drag scrolls the chart into view.)
    await dragAcrossChart(page, section.getByTestId('chart-wait-classes'), 0.3, 0.7);
    await page.waitForURL((next) => next.searchParams.get('from') !== from.toISOString());
    const dragged = new URL(page.url()).searchParams;
    const [draggedFrom, draggedTo] = [Date.parse(dragged.get('from')!), Date.parse(dragged.get('to')!)];
    expect(draggedFrom).toBeGreaterThan(from.getTime());
    expect(draggedTo).toBeLessThan(to.getTime());
    expect([dragged.get('threshold'), dragged.get('wait')]).toEqual(['7', 'BufferPin']);
    await expect(page.getByTestId('dragged-window')).toContainText(formatTimestamp(new Date(draggedFrom)));
    await expect(
      detail.getByRole('heading', {
        name: `Behind BufferPin, ${formatTimestamp(new Date(draggedFrom))} – ${formatTimestamp(new Date(draggedTo))}`,
      }),
    ).toBeVisible();
    await expect(table.locator('tr[data-wait-class="BufferPin"]')).toBeVisible();
    // The episode (minutes 5 to 6) is listed exactly when the dragged range overlaps it.
    await expect(episodes.locator('li[data-root-pid="424242"]')).toHaveCount(
      draggedFrom <= at(6).getTime() && draggedTo > at(5).getTime() ? 1 : 0,
    );

    // History follows the same window.
    await page.goto(`/history?${range}`);
    await expect(page.getByTestId('dragged-window')).toContainText(formatTimestamp(from));
    await expect(page.getByTestId('wait-class-table').locator('tr[data-wait-class="BufferPin"]')).toContainText(
      expected.toFixed(2),
    );
    await expect(page.getByTestId('wait-class-table').locator('tr[data-wait-class="Extension"]')).toHaveCount(0);
  });

  test('a malformed range says what is wrong and shows the preset', async ({ page }) => {
    await signIn(page, E2E.admin);
    for (const path of ['/activity', '/history']) {
      await page.goto(`${path}?range=15m&from=nonsense`);
      // (Next.js's route announcer is an alert too.)
      await expect(page.getByRole('alert').filter({ hasText: 'ISO 8601' })).toBeVisible();
      await expect(
        page.getByRole('navigation', { name: 'Time window' }).getByRole('link', { name: 'Last 15 min' }),
      ).toHaveAttribute('aria-current', 'page');
      await expect(page.getByTestId('section-wait-classes')).toBeVisible();
    }
  });
});
