/**
 * The fleet: a target that does not answer is a red row above the healthy primary whatever the sort, and
 * PostgreSQLDown fires for it after its minute; an admin adds a target (the embedded server's "postgres"
 * database) whose connection string is never shown again, the picker switches every report to it, and removing
 * it stops watching it. No page ever shows a target's password.
 */
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { formatBytes } from '../lib/format';
import { readEmbeddedUrl } from '../lib/embedded/embedded-server';
import { signIn } from './support/auth';
import { withDb } from './support/db';
import { E2E } from './support/settings';

test('a down target is the first, red row and its PostgreSQLDown alert fires', async ({ page }) => {
  // PostgreSQLDown's `for` is a minute from the server's first sampling round.
  test.setTimeout(150_000);
  await signIn(page, E2E.admin);
  await page.goto('/fleet');
  const rows = page.getByTestId('fleet').locator('tbody tr');
  await expect(rows.first()).toHaveAttribute('data-status', 'bad');
  await expect(rows.first()).toContainText('offline');
  await expect(rows.first()).toContainText('down');
  await expect(page.getByTestId('fleet').locator('tbody tr', { hasText: 'primary' })).toContainText(
    /up · healthy|up · warning/,
  );
  await expect(page.getByTestId('fleet').locator('tbody tr', { hasText: 'primary' })).toContainText('15.');

  // Sorting by size (largest first) keeps the red row on top; the primary's size is what SQL says.
  await page.getByRole('link', { name: 'Size' }).click();
  await expect(page).toHaveURL(/sort=size&dir=desc/);
  await expect(rows.first()).toContainText('offline');
  await expect
    .poll(
      async () => {
        const size = await withDb(async (c) =>
          Number((await c.query('SELECT pg_database_size(current_database()) AS s')).rows[0].s),
        );
        await page.reload();
        return (await page.getByTestId('fleet').locator('tbody tr', { hasText: 'primary' }).textContent())?.includes(
          formatBytes(size),
        );
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  expect(await page.content()).not.toContain('offline-target-password');

  // The overview of the primary still names the other target's outage; the rule's `for` is one minute, after
  // which the alert history shows it firing.
  await page.goto('/');
  await expect(page.getByTestId('fleet-summary')).toHaveText(/1 of 2 targets down: offline\./);
  await expect(async () => {
    await page.reload();
    await expect(
      page
        .getByTestId('alert-history')
        .locator('tr[data-rule="PostgreSQLDown"][data-target="offline"][data-state="firing"]'),
    ).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 120_000 });
});

test('an admin adds a target, reports follow the picker, and the target is removed', async ({ page }) => {
  const embedded = new URL((await readEmbeddedUrl(path.resolve(E2E.dataDir)))!);
  embedded.pathname = '/postgres';
  const password = decodeURIComponent(embedded.password);
  await signIn(page, E2E.admin);
  await page.goto('/admin/targets');

  await page.getByLabel('Name').fill('Bad Name');
  await page.getByLabel('Connection string').fill(embedded.toString());
  await page.getByRole('button', { name: 'Add target' }).click();
  await expect(page.getByText('Use 1–40 lower-case letters')).toBeVisible();

  await page.getByLabel('Name').fill('second');
  await page.getByLabel('Connection string').fill('mysql://u:p@h/db');
  await page.getByRole('button', { name: 'Add target' }).click();
  await expect(page.getByText(/The connection string is not valid: it must start with postgresql:\/\//)).toBeVisible();

  await page.getByLabel('Connection string').fill(embedded.toString());
  await page.getByRole('button', { name: 'Add target' }).click();
  await expect(page.getByText(/Added second \(postgres@127\.0\.0\.1:\d+\/postgres\)/)).toBeVisible();
  await expect(page.getByTestId('managed-targets')).toContainText('second');
  expect(await page.content()).not.toContain(password);
  const stored = await withDb(
    async (c) =>
      (await c.query(`SELECT encrypted_url FROM console.monitored_target WHERE name = 'second'`)).rows[0]
        .encrypted_url as string,
  );
  expect(stored).toMatch(/^v1\./);
  expect(stored).not.toContain(password);

  // Its tags, changed in its row: a wrong one refused as typed, then saved and audited.
  const tags = page.getByRole('textbox', { name: 'Tags of second' });
  await tags.fill('blue, Bad!');
  await page.getByRole('button', { name: 'Save tags of second' }).click();
  await expect(page.getByTestId('managed-targets')).toContainText('"Bad!" is not a tag');
  await expect(tags).toHaveValue('blue, Bad!');
  await tags.fill('blue, canary');
  await page.getByRole('button', { name: 'Save tags of second' }).click();
  await expect(page.getByTestId('managed-targets')).toContainText('Tagged blue, canary.');
  await expect(page.getByTestId('targets').locator('tr', { hasText: 'second' })).toContainText('blue, canary');
  const audited = await withDb(
    async (c) =>
      (await c.query(`SELECT after FROM console.audit_event WHERE action = 'target.tags' AND target = 'target:second'`))
        .rows,
  );
  expect(audited).toEqual([{ after: { tags: ['blue', 'canary'] } }]);

  // The sampler picks it up; the picker switches the reports to it.
  await page.goto('/fleet');
  await expect(async () => {
    await page.reload();
    // Up; its cache-hit figure is unavailable (the postgres database has no tables), so not necessarily green.
    await expect(page.getByTestId('fleet').locator('tbody tr', { hasText: 'second' })).toContainText('up ·', {
      timeout: 1_000,
    });
  }).toPass({ timeout: 30_000 });
  // Its new tag filters the fleet (the fleet's short shared cache: within a few seconds).
  await page.goto('/fleet?tag=canary');
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('fleet').locator('tbody tr')).toHaveCount(1, { timeout: 1_000 });
    await expect(page.getByTestId('fleet').locator('tbody tr')).toContainText('second', { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await page.goto('/space');
  await page.getByLabel('Reports on').selectOption('second');
  await expect(page.getByTestId('space-database-size').locator('..')).toContainText('postgres,');
  const size = await withDb(async (c) => Number((await c.query(`SELECT pg_database_size('postgres') AS s`)).rows[0].s));
  await expect(page.getByTestId('space-database-size')).toHaveText(formatBytes(size));
  await page.getByLabel('Reports on').selectOption('primary');
  await expect(page.getByTestId('space-database-size').locator('..')).toContainText('halcytone_prod,');

  await page.goto('/admin/targets');
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: 'Remove second' }).click();
  await expect(page.getByTestId('managed-targets')).toHaveCount(0);
  await expect(page.getByTestId('targets')).not.toContainText('second');
});
