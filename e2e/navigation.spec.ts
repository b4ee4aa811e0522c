/**
 * The shell's menu and command palette: the menu is grouped as a DBA works (Monitor, Data, Operate, Settings,
 * Admin, Account), every group shown on a desktop and folded at phone width; Ctrl-K opens a palette that jumps to pages,
 * tables and targets, offers only what the role may open, and breaks no rule of the Content-Security-Policy.
 */
import { expect, test, type Page } from '@playwright/test';
import { TABLE_NAMES } from '../lib/tables/registry';
import { signIn } from './support/auth';
import { expectNoSeriousViolations } from './support/axe';
import { collectPolicyViolations, policyViolations } from './support/csp';
import { ensureUser } from './support/db';
import { E2E } from './support/settings';

const GROUPS = ['Monitor', 'Data', 'Operate', 'Settings', 'Admin', 'Account'];

const menu = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const palette = (page: Page) => page.getByRole('dialog', { name: 'Jump to' });

test('on a desktop every group is shown and the current page is marked', async ({ page }) => {
  await signIn(page, E2E.admin);
  for (const group of GROUPS) await expect(menu(page).getByRole('list', { name: group })).toBeVisible();
  await expect(menu(page).getByRole('list', { name: 'Data' }).getByRole('link')).toHaveText([...TABLE_NAMES]);
  await expect(menu(page).getByRole('link', { name: 'Overview' })).toHaveAttribute('aria-current', 'page');
  await expect(menu(page).getByRole('link', { name: 'Audit log' })).toBeVisible();

  // A page below an area marks its area.
  await page.goto('/tables/user_segments/insights');
  await expect(menu(page).getByRole('link', { name: 'user_segments' })).toHaveAttribute('aria-current', 'page');
  await expect(menu(page).getByRole('link', { name: 'Overview' })).not.toHaveAttribute('aria-current');
});

test('at phone width the groups fold, the current one open', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, E2E.admin);
  const overview = menu(page).getByRole('link', { name: 'Overview' });
  const table = menu(page).getByRole('link', { name: 'content_metrics' });
  await expect(overview).toBeVisible();
  await expect(table).toBeHidden();

  await menu(page).locator('summary', { hasText: 'Data' }).click();
  await expect(table).toBeVisible();
  await table.click();
  await expect(page).toHaveURL(/\/tables\/content_metrics$/);
  await expect(table).toHaveAttribute('aria-current', 'page');
  // The group left behind folds; the one now holding the page stays open.
  await expect(overview).toBeHidden();
  await expect(table).toBeVisible();

  await menu(page).locator('summary', { hasText: 'Monitor' }).click();
  await expect(overview).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await expectNoSeriousViolations(page, 'phone menu');

  // Loaded afresh (as without JavaScript), the current page's group is the open one.
  await page.goto('/settings/tuning');
  await expect(menu(page).getByRole('link', { name: 'Tuning' })).toBeVisible();
  await expect(overview).toBeHidden();
});

test('Ctrl-K opens the palette; typing filters, Enter jumps, Escape gives focus back', async ({ page }) => {
  await page.addInitScript(collectPolicyViolations);
  await signIn(page, E2E.admin);

  await page.keyboard.press('ControlOrMeta+k');
  await expect(palette(page)).toBeVisible();
  const search = palette(page).getByRole('combobox');
  await expect(search).toBeFocused();
  await search.fill('scheduled');
  await expect(palette(page).getByRole('option').first()).toHaveText('scheduled_content');
  await expect(palette(page).getByRole('option', { name: 'Overview' })).toHaveCount(0);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/tables\/scheduled_content$/);
  await expect(palette(page)).toBeHidden();

  // From the header's button, to a table's insights; Escape closes and focus returns to the button.
  const button = page.getByRole('button', { name: /Jump to… Ctrl K/ });
  await button.click();
  await expect(search).toBeFocused();
  await expect(search).toHaveValue('');
  await search.fill('user_segments insights');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/tables\/user_segments\/insights$/);

  await button.click();
  await expect(palette(page)).toBeVisible();
  await expectNoSeriousViolations(page, 'palette');
  await page.keyboard.press('Escape');
  await expect(palette(page)).toBeHidden();
  await expect(button).toBeFocused();
  expect(await policyViolations(page), 'Content-Security-Policy violations').toEqual([]);
});

test('a viewer is offered no Admin page, in the menu or the palette', async ({ page }) => {
  await ensureUser(E2E.viewer, 'viewer');
  await signIn(page, E2E.viewer);
  await expect(menu(page).getByRole('list', { name: 'Data' })).toBeVisible();
  await expect(menu(page).getByRole('list', { name: 'Admin' })).toHaveCount(0);

  await page.keyboard.press('ControlOrMeta+k');
  const options = palette(page).getByRole('option');
  await expect(options.first()).toHaveText('Overview');
  const offered = await options.allTextContents();
  expect(offered).toEqual(expect.arrayContaining(['Overview', 'content_audit', 'Privileges']));
  for (const admin of ['Targets', 'Users', 'Audit log']) expect(offered).not.toContain(admin);
  await expect(palette(page).getByText('Admin', { exact: true })).toHaveCount(0);
  await palette(page).getByRole('combobox').fill('zzz');
  await expect(options).toHaveCount(0);
  await expect(palette(page).getByText('Nothing matches.')).toBeVisible();
});

test('the palette switches the reports to another target, as the target picker does', async ({ page }) => {
  await signIn(page, E2E.admin);
  const picker = page.getByLabel('Reports on');
  await expect(picker).toHaveValue('primary');

  await page.keyboard.press('ControlOrMeta+k');
  await palette(page).getByRole('combobox').fill('primary');
  await expect(palette(page).getByRole('option').first()).toContainText('reporting on it now');
  await palette(page).getByRole('combobox').fill('offline');
  await expect(palette(page).getByRole('option').first()).toContainText('offline');
  await page.keyboard.press('Enter');
  await expect(palette(page)).toBeHidden();
  await expect(picker).toHaveValue('offline');

  await page.keyboard.press('ControlOrMeta+k');
  await palette(page).getByRole('combobox').fill('primary');
  await expect(palette(page).getByRole('option').first()).toContainText('primary');
  await page.keyboard.press('Enter');
  await expect(picker).toHaveValue('primary');
});
