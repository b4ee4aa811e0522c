/** axe-core finds no serious or critical violation on any page, in both themes and at phone width. */
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support/auth';
import { expectNoSeriousViolations } from './support/axe';
import { listPages } from './support/routes';
import { E2E } from './support/settings';

test('the login page', async ({ page }) => {
  await page.goto('/login');
  await expectNoSeriousViolations(page, '/login');
});

// One test per page and theme: a sweep of every page in one test outlasts its timeout on a busy machine.
for (const theme of ['light', 'dark'] as const) {
  test.describe(`the ${theme} theme`, () => {
    let page: Page;

    test.beforeAll(async ({ browser }) => {
      // axe-core's Playwright binding needs a page of an explicit context.
      page = await (await browser.newContext()).newPage();
      await page.addInitScript((value) => localStorage.setItem('theme', value), theme);
      await signIn(page, E2E.admin);
    });

    test.afterAll(async () => page?.context().close());

    for (const path of listPages().filter((p) => p !== '/login')) {
      test(path, async () => {
        await page.goto(path);
        await page.waitForLoadState('networkidle');
        await expectNoSeriousViolations(page, `${path} (${theme})`);
      });
    }
  });
}

test('the overview is usable at phone width', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, E2E.admin);
  await expect(page.getByTestId('stat-database-size')).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await expectNoSeriousViolations(page, '/ (phone)');
});

test('keyboard users can skip to the content and see where focus is', async ({ page }) => {
  await signIn(page, E2E.admin);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  const outline = await skip.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
});
