/**
 * Backups end to end: an operator starts a backup, watches its progress, sees it succeed and verifies it; an
 * admin downloads it and the file hashes to the SHA-256 on the page, and cancels a restore that waits for a lock;
 * a viewer has no controls and forged calls are refused.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { readEmbeddedUrl } from '../lib/embedded/embedded-server';
import { signIn } from './support/auth';
import { ensureUser, withDb } from './support/db';
import { forgeActionCall } from './support/forge';
import { listServerActions } from './support/routes';
import { E2E } from './support/settings';

test('an operator starts a backup, watches its progress, sees it succeed and verifies it', async ({ page }) => {
  await ensureUser(E2E.operator, 'operator');
  await signIn(page, E2E.operator);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Backups' }).click();
  await expect(page.getByRole('heading', { name: 'Backups', level: 1 })).toBeVisible();

  await withDb(async (blocker) => {
    // pg_dump waits for this lock, so the run is visibly in progress until the test lets it go.
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE content_metrics IN ACCESS EXCLUSIVE MODE');
    await page.getByRole('button', { name: 'Back up now' }).click();
    const progress = page.getByTestId('backup-progress');
    await expect(progress).toContainText(/Backup \d+ is running/);
    await expect(progress).toContainText('written in');
    await expect(progress.getByRole('button', { name: 'Cancel backup' })).toBeVisible();
    await blocker.query('ROLLBACK');
  });

  const run = page.getByTestId('backup-runs').locator('tbody tr').first();
  await expect(run).toHaveAttribute('data-status', 'succeeded', { timeout: 30_000 });
  const backupId = await run.getAttribute('data-backup-id');
  const recorded = await withDb(
    async (c) =>
      (await c.query('SELECT sha256, size_bytes, started_by FROM console.backup_run WHERE id = $1', [backupId]))
        .rows[0],
  );
  expect(recorded.started_by).toBe(E2E.operator.email);
  await expect(run.getByTestId('sha256')).toHaveText(recorded.sha256);

  await run.getByRole('button', { name: `Verify backup ${backupId}` }).click();
  await expect(run).toContainText('Verified', { timeout: 60_000 });
  await expect(page.getByTestId('restore-runs').locator(`tr[data-backup-id="${backupId}"]`).first()).toContainText(
    'tables, indexes and row counts match',
  );
  const audit = await withDb(async (c) =>
    (
      await c.query(`SELECT action FROM console.audit_event WHERE target = $1 ORDER BY id`, [`backup:${backupId}`])
    ).rows.map((r) => r.action),
  );
  expect(audit).toEqual(['backup.start', 'backup.verify']);
});

test('an admin downloads a backup whose bytes hash to the SHA-256 shown, and a bad schedule is refused with a reason', async ({
  page,
}) => {
  await signIn(page, E2E.admin);
  await page.goto('/backups');
  const run = page.getByTestId('backup-runs').locator('tbody tr[data-status="succeeded"]').first();
  await expect(run).toBeVisible();
  const sha = await run.getByTestId('sha256').textContent();
  const download = page.waitForEvent('download');
  await run.getByRole('link', { name: /Download backup/ }).click();
  const stream = await (await download).createReadStream();
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  expect(hash.digest('hex')).toBe(sha);

  await page.getByRole('button', { name: 'Change schedule' }).click();
  await page.getByLabel('Backup schedule (cron)').fill('0 25 * * *');
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await expect(page.locator('.field-error[role="alert"]')).toContainText('"0 25 * * *" is not a cron expression');
  await page.getByLabel('Backup schedule (cron)').fill('30 3 * * *');
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await expect(page.getByTestId('backup-schedule')).toContainText('30 3 * * *');
  await expect(page.getByTestId('backup-schedule')).toContainText(/next \d{4}-\d\d-\d\d 03:30:00 UTC/);
});

test('an admin cancels a full restore that waits for a lock, and it is recorded as cancelled', async ({ page }) => {
  const target = 'e2e_restore_cancel';
  await withDb((c) => c.query(`CREATE DATABASE ${target}`));
  const url = new URL((await readEmbeddedUrl(path.resolve(E2E.dataDir)))!);
  url.pathname = `/${target}`;
  const holder = new pg.Client({ connectionString: url.toString(), application_name: 'e2e-lock-holder' });
  await holder.connect();
  try {
    // pg_restore --clean starts by dropping the tables of the backup: this one waits behind the lock held here.
    await holder.query('CREATE TABLE content_metrics (id int)');
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE content_metrics IN ACCESS SHARE MODE');
    await signIn(page, E2E.admin);
    await page.goto('/backups');
    const backupId = await page
      .getByTestId('backup-runs')
      .locator('tbody tr[data-status="succeeded"]')
      .first()
      .getAttribute('data-backup-id');
    await page.getByRole('button', { name: `Restore backup ${backupId}` }).click();
    await page.getByLabel('Target database').fill(target);
    await page.getByLabel('Type the target name to confirm').fill(target);
    await page.getByRole('button', { name: 'Restore', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: /Restore \d+ started/ })).toBeVisible();
    await expect
      .poll(() =>
        withDb(
          async (c) =>
            (
              await c.query(
                `SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE 'halcytone-console restore %' AND wait_event_type = 'Lock'`,
                [target],
              )
            ).rowCount,
        ),
      )
      .toBe(1);

    const row = page.getByTestId('restore-runs').locator('tbody tr', { hasText: target }).first();
    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: /Cancel restore \d+/ }).click();
    await expect(row).toHaveAttribute('data-status', 'cancelled');
    await expect(row).toContainText(`Cancelled by ${E2E.admin.email} before it finished`);
    expect(
      await withDb(
        async (c) =>
          (await c.query(`SELECT 1 FROM pg_stat_activity WHERE application_name LIKE 'halcytone-console restore %'`))
            .rowCount,
      ),
    ).toBe(0);
  } finally {
    await holder.end().catch(() => {});
    await withDb((c) => c.query(`DROP DATABASE IF EXISTS ${target} WITH (FORCE)`));
  }
});

test('a viewer sees no backup controls; forged calls and the download are refused', async ({ page }) => {
  await ensureUser(E2E.viewer, 'viewer');
  await signIn(page, E2E.viewer);
  await page.goto('/backups');
  await expect(page.getByRole('heading', { name: 'Schedule and retention' })).toBeVisible();
  await expect(
    page.getByRole('button', { name: /Back up now|Verify|Restore|Cancel backup|Change schedule/ }),
  ).toHaveCount(0);
  await expect(page.getByRole('link', { name: /Download/ })).toHaveCount(0);

  const runsBefore = await withDb(async (c) =>
    Number((await c.query('SELECT count(*) AS n FROM console.backup_run')).rows[0].n),
  );
  const start = listServerActions().find((a) => a.name === 'startBackup')!;
  expect(
    await forgeActionCall(page.request, start.id, start.pagePath, [
      { compression: 9, section: 'all', tables: [], storage: 'local' },
    ]),
  ).toContain('"code":"forbidden"');
  expect(
    await withDb(async (c) => Number((await c.query('SELECT count(*) AS n FROM console.backup_run')).rows[0].n)),
  ).toBe(runsBefore);
  const backupId = await withDb(
    async (c) =>
      (await c.query(`SELECT id FROM console.backup_run WHERE status = 'succeeded' ORDER BY id LIMIT 1`)).rows[0]?.id ??
      '1',
  );
  const download = await page.request.get(`/api/backups/${backupId}/download`);
  expect(download.status()).toBe(403);
  expect(await download.json()).toEqual({ error: { code: 'forbidden', message: 'This needs the admin role.' } });
});
