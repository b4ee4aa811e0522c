/**
 * Every page, as every role on the demo data, and as the admin (who may open them all) on a content_audit of more
 * than 100,000 rows, where the row count is the planner's estimate and the browser pages deep — what a role may open
 * does not depend on the data, so the other roles are not swept twice. The pages come from the route tree and the
 * table registry (e2e/support/routes.ts), so a page or table added later is opened the day it is added. A page answers
 * below 400 — or 403 when the role is below the page's area (lib/navigation.ts) — shows no failed section, and
 * breaks no rule of its Content-Security-Policy.
 * One test per page and role, so a slow page never starves the others of time on a busy machine.
 */
import { expect, test, type Page } from '@playwright/test';
import { hasRole, ROLES, type Role } from '../lib/auth/roles';
import { requiredRoleFor } from '../lib/navigation';
import { signIn } from './support/auth';
import { collectPolicyViolations, policyViolations } from './support/csp';
import { ensureUser, withDb } from './support/db';
import { listEveryPage } from './support/routes';
import { E2E } from './support/settings';

const USERS: Record<Role, { email: string; password: string }> = {
  viewer: E2E.viewer,
  operator: E2E.operator,
  admin: E2E.admin,
};
const PAGES = listEveryPage().filter((path) => path !== '/login');
const BULK_ROWS = 100_000;

/** A failed section, a failed client panel or the page's error boundary: what must never show on a good day. */
const FAILURE = '.notice.error[role="alert"], [data-testid="page-error"]';

function sweep(dataset: string, roles: readonly Role[]) {
  for (const role of roles) {
    test.describe(`${dataset}, as ${role}`, () => {
      let page: Page;

      test.beforeAll(async ({ browser }) => {
        if (role !== 'admin') await ensureUser(USERS[role], role);
        page = await browser.newPage();
        await page.addInitScript(collectPolicyViolations);
        await signIn(page, USERS[role]);
      });

      test.afterAll(async () => page?.close());

      for (const path of PAGES) {
        const allowed = hasRole(role, requiredRoleFor(path));
        test(`${path} ${allowed ? 'opens' : 'is refused with 403'}`, async () => {
          const response = await page.goto(path);
          if (!allowed) {
            expect(response?.status()).toBe(403);
            return;
          }
          expect(response?.status(), path).toBeLessThan(400);
          await page.waitForLoadState('networkidle');
          await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
          const failures = await page.locator(FAILURE).allTextContents();
          expect(failures, path).toEqual([]);
          expect(await policyViolations(page), `${path}: Content-Security-Policy violations`).toEqual([]);
        });
      }
    });
  }
}

test.describe('on the demo data', () => sweep('demo data', ROLES));

test.describe(`with ${BULK_ROWS.toLocaleString('en')} more content_audit rows`, () => {
  test.beforeAll(async () => {
    await withDb(async (client) => {
      await client.query(
        `INSERT INTO content_audit (content_id, operation, user_id, "timestamp", metadata)
         SELECT 'bulk-' || g, 'update', 'user-' || (g % 100), localtimestamp - g * interval '1 second', jsonb_build_object('n', g)
         FROM generate_series(1, $1::int) AS g`,
        [BULK_ROWS],
      );
      await client.query('ANALYZE content_audit');
    });
  });

  test.afterAll(async () => {
    await withDb(async (client) => {
      await client.query(`DELETE FROM content_audit WHERE content_id LIKE 'bulk-%'`);
      await client.query('ANALYZE content_audit');
    });
  });

  test('the row count is an estimate until counted exactly, and the last page is the last row', async ({ page }) => {
    await signIn(page, E2E.viewer);
    await page.goto('/tables/content_audit');
    await expect(page.getByTestId('row-count')).toContainText('(estimate)');
    const exact = await withDb(async (client) =>
      Number((await client.query('SELECT count(*) AS n FROM content_audit')).rows[0].n),
    );
    expect(exact).toBeGreaterThan(BULK_ROWS);
    await page.getByRole('button', { name: 'Count exactly' }).click();
    await expect(page.getByTestId('row-count')).toHaveText(`${exact.toLocaleString('en')} rows`);

    // The default sort is newest first: the last page ends with the oldest row.
    await page.getByRole('link', { name: 'Last' }).click();
    const oldest = await withDb(
      async (client) =>
        (await client.query(`SELECT id FROM content_audit ORDER BY "timestamp" ASC, id ASC LIMIT 1`)).rows[0].id,
    );
    await expect(page.getByTestId('browser-rows').locator('tbody tr').last()).toHaveAttribute(
      'data-key',
      String(oldest),
    );
    await page.getByRole('link', { name: 'Previous' }).click();
    await expect(page).toHaveURL(/before=/);
  });

  sweep('with 100,000 more content_audit rows', ['admin']);
});
