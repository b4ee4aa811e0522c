/**
 * The on-call glance and the Activity page against a real long-running query: red while it runs, green after;
 * an operator terminates it from the UI; a viewer has no such control and a forged call is refused.
 */
import { expect, test } from '@playwright/test';
import pg from 'pg';
import path from 'node:path';
import { readEmbeddedUrl } from '../lib/embedded/embedded-server';
import { signIn } from './support/auth';
import { ensureUser, withDb } from './support/db';
import { forgeActionCall } from './support/forge';
import { listServerActions } from './support/routes';
import { E2E } from './support/settings';

async function startSleeper(seconds: number): Promise<{ pid: number; done: Promise<unknown>; client: pg.Client }> {
  const client = new pg.Client({
    connectionString: await readEmbeddedUrl(path.resolve(E2E.dataDir)),
    application_name: 'e2e-sleeper',
  });
  client.on('error', () => {});
  await client.connect();
  const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  const done = client.query(`SELECT pg_sleep(${seconds}) /* e2e long-running */`).catch((error: Error) => error);
  return { pid, done, client };
}

test('the glance turns red while a long-running query exists and green again after it ends', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, E2E.admin);
  await expect(page.getByTestId('glance-status')).toHaveAttribute('data-status', 'ok', { timeout: 30_000 });

  // Long enough to outlast the slowest path to red (sample interval + glance cache + page poll), then ended here.
  const sleeper = await startSleeper(120);
  try {
    await expect(page.getByTestId('tile-long-running')).toHaveAttribute('data-status', 'bad', { timeout: 20_000 });
    await expect(page.getByTestId('glance-status')).toHaveAttribute('data-status', 'bad');
    await expect(page.getByTestId('glance-status')).toContainText('Long-running queries 1');
    await page.getByTestId('tile-long-running').click();
    await expect(page).toHaveURL(/\/activity$/);
    await expect(page.getByTestId('long-running-table').locator(`tr[data-pid="${sleeper.pid}"]`)).toContainText(
      'e2e long-running',
    );
  } finally {
    await withDb((c) => c.query('SELECT pg_cancel_backend($1)', [sleeper.pid]));
    await sleeper.done;
    await sleeper.client.end();
  }
  await page.goto('/');
  await expect(page.getByTestId('tile-long-running')).toHaveAttribute('data-status', 'ok', { timeout: 20_000 });
  await expect(page.getByTestId('glance-status')).toHaveAttribute('data-status', 'ok');
});

test('an operator terminates a long-running backend from the Activity page, and it is audited', async ({ page }) => {
  await ensureUser(E2E.operator, 'operator');
  const sleeper = await startSleeper(60);
  try {
    await signIn(page, E2E.operator);
    await page.goto('/activity?threshold=1');
    const row = page.getByTestId('long-running-table').locator(`tr[data-pid="${sleeper.pid}"]`);
    await expect(row).toBeVisible({ timeout: 15_000 });
    page.once('dialog', (dialog) => dialog.accept());
    await row.getByRole('button', { name: `Terminate backend ${sleeper.pid}` }).click();
    await expect
      .poll(() =>
        withDb(
          async (c) =>
            (await c.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1', [sleeper.pid])).rows[0].n,
        ),
      )
      .toBe(0);
    await expect(row).toHaveCount(0, { timeout: 15_000 });
    const audit = await withDb(
      async (c) =>
        (
          await c.query(
            `SELECT actor_email, after FROM console.audit_event WHERE action = 'backend.terminate' AND target = $1`,
            [`primary:pid:${sleeper.pid}`],
          )
        ).rows,
    );
    expect(audit).toEqual([{ actor_email: E2E.operator.email, after: { delivered: true } }]);
  } finally {
    await sleeper.done;
    await sleeper.client.end().catch(() => {});
  }
});

test('a viewer sees no cancel or terminate button, and a forged terminate is refused', async ({ page }) => {
  await ensureUser(E2E.viewer, 'viewer');
  const sleeper = await startSleeper(20);
  try {
    await signIn(page, E2E.viewer);
    await page.goto('/activity?threshold=1');
    const row = page.getByTestId('long-running-table').locator(`tr[data-pid="${sleeper.pid}"]`);
    await expect(row).toBeVisible({ timeout: 15_000 });
    await expect(page.getByRole('button', { name: /Terminate backend|Cancel backend/ })).toHaveCount(0);

    const action = listServerActions().find((a) => a.name === 'signalBackend')!;
    const body = await forgeActionCall(page.request, action.id, action.pagePath, [
      { pid: sleeper.pid, signal: 'terminate' },
    ]);
    expect(body).toContain('"code":"forbidden"');
    expect(
      await withDb(
        async (c) =>
          (await c.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1', [sleeper.pid])).rows[0].n,
      ),
    ).toBe(1);
  } finally {
    await withDb((c) => c.query('SELECT pg_cancel_backend($1)', [sleeper.pid]));
    await sleeper.done;
    await sleeper.client.end();
  }
});
