import { expect, test } from '@playwright/test';
import { signIn } from './support/auth';
import { withDb } from './support/db';
import { E2E } from './support/settings';

test('an admin adds a user, changes the role, disables them, and the audit log shows it all', async ({ page }) => {
  await signIn(page, E2E.admin);
  await page.getByRole('link', { name: 'Users' }).click();
  const email = `new-${Date.now()}@example.com`;

  // A malformed field is refused with a message beside it.
  await page.getByLabel('E-mail').fill('not-an-address');
  await page.getByLabel('Name').fill('New Person');
  await page.getByLabel('Initial password').fill('short');
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByText('Enter a valid e-mail address.')).toBeVisible();
  await expect(page.getByText('Use at least 12 characters.')).toBeVisible();

  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Name').fill('New Person');
  await page.getByLabel('Initial password').fill('a-good-long-password');
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByText(`Added ${email} as viewer.`)).toBeVisible();

  const row = page.getByRole('row').filter({ hasText: email });
  await row.getByLabel(`Role of ${email}`).selectOption('operator');
  await expect
    .poll(async () =>
      withDb(async (c) => (await c.query('SELECT role FROM console.users WHERE email = $1', [email])).rows[0].role),
    )
    .toBe('operator');

  page.once('dialog', (dialog) => dialog.accept());
  await row.getByRole('button', { name: 'Disable' }).click();
  await expect(row.getByRole('cell', { name: 'disabled' })).toBeVisible();

  // The disabled user can no longer sign in.
  const other = await page.context().browser()!.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(`${E2E.baseUrl}/login`);
  await otherPage.getByLabel('E-mail').fill(email);
  await otherPage.getByLabel('Password').fill('a-good-long-password');
  await otherPage.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(otherPage.locator('#login-error')).toHaveText('Wrong e-mail or password.');
  await other.close();

  await page.getByRole('link', { name: 'Audit log' }).click();
  const entries = page.getByRole('row').filter({ hasText: `user:${email}` });
  await expect(entries).toHaveCount(4);
  await expect(entries.filter({ hasText: 'user.disable' })).toHaveCount(1);
  // The disabled user's try is audited as refused, with the reason and never the password.
  await expect(entries.filter({ hasText: 'auth.sign-in.refused' })).toContainText('disabled account');
  await expect(entries.filter({ hasText: 'auth.sign-in.refused' })).not.toContainText('a-good-long-password');
  await expect(entries.filter({ hasText: 'user.role.update' })).toContainText('"role":"operator"');
});
