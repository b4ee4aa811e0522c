/**
 * Per-target roles: an admin narrows a password operator to viewer on `primary` on the Users page; at the operator's
 * next request the picker says "primary · viewer", the operator controls of the pages about the primary are gone, and
 * a forged operator action on the primary is refused while the same action on another target is not. Clearing the
 * narrowing restores it all.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { signIn } from './support/auth';
import { ensureUser, withDb } from './support/db';
import { forgeActionCall } from './support/forge';
import { listServerActions } from './support/routes';
import { E2E } from './support/settings';

// Its own operator, so a failure half-way leaves no narrowing on the one other specs sign in as.
const operator = { email: 'e2e-narrowed-operator@example.com', password: 'e2e-narrowed-operator-password' };

async function signedInPage(browser: Browser, user: { email: string; password: string }): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, user);
  return page;
}

const countBackups = () =>
  withDb(async (c) => Number((await c.query('SELECT count(*) AS n FROM console.backup_run')).rows[0].n));

test.beforeAll(async () => {
  await ensureUser(operator, 'operator');
  await withDb((c) =>
    c.query('DELETE FROM console.user_target_role WHERE user_id = (SELECT id FROM console.users WHERE email = $1)', [
      operator.email,
    ]),
  );
});

test('an admin narrows an operator to viewer on primary: picker, buttons and forged actions follow; clearing restores', async ({
  browser,
}) => {
  const operatorPage = await signedInPage(browser, operator);
  const picker = operatorPage.getByLabel('Reports on');
  await expect(picker.locator('option:checked')).toHaveText('primary');
  await operatorPage.goto('/backups');
  await expect(operatorPage.getByRole('button', { name: 'Back up now' })).toBeVisible();

  // The admin narrows the operator on the Users page.
  const adminPage = await signedInPage(browser, E2E.admin);
  await adminPage.goto('/admin/users');
  const row = adminPage.getByRole('row').filter({ hasText: operator.email });
  await row.getByLabel(`Target to narrow for ${operator.email}`).selectOption('primary');
  await row.getByLabel(`Role there for ${operator.email}`).selectOption('viewer');
  await row.getByRole('button', { name: 'Narrow' }).click();
  const narrowed = row.getByRole('list', { name: `Narrowed roles of ${operator.email}` });
  await expect(narrowed.getByRole('listitem')).toHaveCount(1);
  await expect(narrowed.getByRole('listitem')).toContainText('primary · viewer');
  // Only a narrowing is offered: below an operator, only viewer.
  await expect(row.getByLabel(`Role there for ${operator.email}`).locator('option')).toHaveText(['viewer']);

  // The operator's next request: the picker names the narrowed role, the primary's operator controls are gone.
  await operatorPage.goto('/backups');
  await expect(picker.locator('option:checked')).toHaveText('primary · viewer');
  await expect(picker.getByRole('option', { name: 'offline', exact: true })).toHaveCount(1);
  await expect(operatorPage.getByTestId('narrowed-role')).toHaveText(
    'You are viewer on primary (narrowed from operator): only what a viewer may do is offered here.',
  );
  await expect(operatorPage.getByRole('heading', { name: 'Schedule and retention' })).toBeVisible();
  await expect(operatorPage.getByRole('button', { name: /Back up now|Verify|Cancel backup/ })).toHaveCount(0);
  await operatorPage.goto('/checklist');
  await expect(operatorPage.getByRole('heading', { name: 'Production checklist' })).toBeVisible();
  await expect(operatorPage.getByRole('button', { name: /Re-check|Sign off/ })).toHaveCount(0);

  // Forged calls: refused on the primary, named or not; the same action on another target passes the check.
  const actions = listServerActions();
  const startBackup = actions.find((action) => action.name === 'startBackup')!;
  const signalBackend = actions.find((action) => action.name === 'signalBackend')!;
  const runsBefore = await countBackups();
  const forgedBackup = await forgeActionCall(operatorPage.request, startBackup.id, startBackup.pagePath, [
    { compression: 9, section: 'all', tables: [], storage: 'local' },
  ]);
  expect(forgedBackup).toContain('"code":"forbidden"');
  expect(forgedBackup).toContain('On primary you are viewer; this needs the operator role there.');
  expect(await countBackups()).toBe(runsBefore);
  const signal = (target: string) =>
    forgeActionCall(operatorPage.request, signalBackend.id, signalBackend.pagePath, [
      // No client session has pid 1: past the role check, the action finds nothing to signal.
      { target, pid: 1, signal: 'terminate' },
    ]);
  expect(await signal('primary')).toContain('"code":"forbidden"');
  // `offline` never answers: the role there allows it, so the action tries and finds the server down.
  const offline = await signal('offline');
  expect(offline).not.toContain('"code":"forbidden"');
  expect(offline).toContain('"ok":false');

  // The admin clears it; the operator's next request has it all back.
  await row.getByRole('button', { name: `Clear the role of ${operator.email} on primary` }).click();
  await expect(narrowed).toHaveCount(0);
  await operatorPage.goto('/backups');
  await expect(picker.locator('option:checked')).toHaveText('primary');
  await expect(operatorPage.getByRole('button', { name: 'Back up now' })).toBeVisible();
  await expect(operatorPage.getByTestId('narrowed-role')).toHaveCount(0);
  const cleared = await signal('primary');
  expect(cleared).not.toContain('"code":"forbidden"');
  expect(cleared).toContain('"code":"not_found"');

  // Both changes are in the audit log, with the role there before and after.
  await adminPage.goto('/admin/audit');
  const entries = adminPage
    .getByRole('row')
    .filter({ hasText: 'user.target-role.update' })
    .filter({ hasText: `user:${operator.email}` });
  await expect(entries).toHaveCount(2);
  await expect(entries.filter({ hasText: '{"role":"viewer","target":"primary"}' })).toHaveCount(2);
});
