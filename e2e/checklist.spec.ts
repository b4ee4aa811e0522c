/**
 * The production checklist end to end: an operator signs an item off, its evidence breaks and the sign-off shows
 * stale, it is fixed and signed again; the Markdown export holds the history; a viewer cannot sign and a forged
 * sign-off is refused.
 */
import { expect, test } from '@playwright/test';
import { signIn } from './support/auth';
import { ensureUser, withDb } from './support/db';
import { forgeActionCall } from './support/forge';
import { listServerActions } from './support/routes';
import { E2E } from './support/settings';

test.beforeAll(async () => ensureUser(E2E.viewer, 'viewer'));

test('sign off an item, break its evidence and see it stale, sign again; the export holds the history', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await ensureUser(E2E.operator, 'operator');
  await signIn(page, E2E.operator);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Production checklist' }).click();
  const item = page.getByTestId('item-schema');
  await expect(item).toHaveAttribute('data-status', 'pass');

  await item.getByLabel('Comment for item 3').fill('Migration applied; all ten indexes present.');
  await item.getByRole('button', { name: 'Sign off item 3' }).click();
  await expect(item).toHaveAttribute('data-signoff', 'signed');
  await expect(item).toContainText(`Signed off by ${E2E.operator.email}`);

  await withDb((c) => c.query('DROP INDEX idx_cache_target'));
  try {
    await item.getByRole('button', { name: 'Re-check' }).click();
    await expect(item).toHaveAttribute('data-signoff', 'stale');
    await expect(item.getByTestId('stale')).toContainText('Signed when the evidence was pass; it now fails.');
    await expect(item).toContainText('idx_cache_target');
    await item.getByLabel('Comment for item 3').fill('Trying while broken.');
    await item.getByRole('button', { name: 'Sign off item 3' }).click();
    await expect(item.getByRole('alert')).toContainText('fails right now');
  } finally {
    await withDb((c) => c.query('CREATE INDEX IF NOT EXISTS idx_cache_target ON cache_metadata (target)'));
  }
  await item.getByRole('button', { name: 'Re-check' }).click();
  await expect(item).toHaveAttribute('data-status', 'pass');
  await item.getByLabel('Comment for item 3').fill('Index recreated and checked.');
  await item.getByRole('button', { name: 'Sign off item 3' }).click();
  await expect(item).toHaveAttribute('data-signoff', 'signed');
  await expect(item).toContainText('History (2)');

  const markdown = await (await page.request.get('/api/checklist/markdown')).text();
  expect(markdown).toContain('## [x] 3. All required tables and indexes created');
  expect(markdown).toContain(`| ${E2E.operator.email} | sign | PASS: All 6 tables`);
  expect(markdown).toContain('Migration applied; all ten indexes present.');
  expect(markdown).toContain('Index recreated and checked.');
  await page.goto('/checklist/print');
  await expect(page.getByTestId('item-schema')).toContainText('Index recreated and checked.');
});

test('a viewer cannot sign off, and a forged sign-off is refused', async ({ page }) => {
  await ensureUser(E2E.viewer, 'viewer');
  await signIn(page, E2E.viewer);
  await page.goto('/checklist');
  await expect(page.getByTestId('item-encoding')).toBeVisible();
  await expect(page.getByRole('button', { name: /Sign off|Revoke|Re-check|Not needed/ })).toHaveCount(0);
  const before = await withDb(async (c) =>
    Number((await c.query('SELECT count(*) AS n FROM console.checklist_signoff')).rows[0].n),
  );
  const action = listServerActions().find((a) => a.name === 'changeSignoff')!;
  expect(
    await forgeActionCall(page.request, action.id, action.pagePath, [
      { itemId: 'encoding', kind: 'sign', comment: 'forged' },
    ]),
  ).toContain('"code":"forbidden"');
  expect(
    await withDb(async (c) => Number((await c.query('SELECT count(*) AS n FROM console.checklist_signoff')).rows[0].n)),
  ).toBe(before);
});

test("the tuning advisor takes the server's figures from the page, and says what is wrong with bad ones", async ({
  page,
}) => {
  await ensureUser(E2E.viewer, 'viewer');
  await signIn(page, E2E.viewer);
  await page.goto('/settings/tuning');
  await page.getByLabel('Memory (GB)').fill('16');
  await page.getByLabel('CPUs').fill('4');
  await page.getByLabel('Storage').selectOption('ssd');
  await page.getByRole('button', { name: 'Advise for these figures' }).click();
  const sharedBuffers = page.getByTestId('tuning-advice').getByRole('row', { name: /^shared_buffers / });
  await expect(sharedBuffers).toContainText('4GB');
  await expect(page.getByTestId('tuning-advice').getByRole('row', { name: /^random_page_cost / })).toContainText('1.1');
  await page.goto('/settings/tuning?memory_gb=lots&cpus=4&storage=tape');
  await expect(page.getByRole('alert').filter({ hasText: 'Memory must be a number of GB.' })).toContainText(
    'Storage must be ssd or hdd.',
  );
});

test('a Settings report shows the stored evidence: opening it does not run the check', async ({ page }) => {
  await signIn(page, E2E.viewer);
  const checkedAt = () =>
    withDb(
      async (client) =>
        (await client.query(`SELECT checked_at FROM console.checklist_evidence WHERE item_id = 'ssl'`)).rows[0]
          ?.checked_at as Date | undefined,
    );
  // The checklist's own schedule checks every item at start-up.
  await expect.poll(checkedAt, { timeout: 30_000 }).toBeDefined();
  const before = await checkedAt();
  for (let i = 0; i < 3; i++) {
    await page.goto('/settings/ssl');
    await expect(page.getByTestId('item-report')).toContainText(/checked \d{4}-\d{2}-\d{2}/);
  }
  expect((await checkedAt())!.getTime()).toBe(before!.getTime());
});
