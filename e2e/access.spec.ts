/**
 * Every page, route handler and server action refuses a visitor who is not signed in; role limits hold for a
 * signed-in viewer. Routes and actions are enumerated from the source and the build, so new ones are covered.
 */
import { expect, test } from '@playwright/test';
import { hasRole, isRole } from '../lib/auth/roles';
import { signIn } from './support/auth';
import { ensureUser } from './support/db';
import { forgeActionCall } from './support/forge';
import { isPublic, listPages, listRouteHandlers, listServerActions } from './support/routes';
import { E2E } from './support/settings';

test.describe('an anonymous visitor', () => {
  for (const pagePath of listPages().filter((p) => !isPublic(p))) {
    test(`is sent to /login from ${pagePath}`, async ({ page }) => {
      await page.goto(pagePath);
      await expect(page).toHaveURL(/\/login$/);
    });
  }

  for (const route of listRouteHandlers()) {
    for (const method of route.methods) {
      test(`gets 401 from ${method} ${route.path}`, async ({ request }) => {
        const response = await request.fetch(route.path, { method, maxRedirects: 0 });
        expect(response.status()).toBe(401);
      });
    }
  }

  test('is refused by every server action', async ({ request }) => {
    const actions = listServerActions();
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) {
      const text = await forgeActionCall(request, action.id, action.pagePath);
      expect(text, `${action.name} (${action.file})`).toContain('"code":"unauthenticated"');
      expect(text, action.name).not.toContain('"ok":true');
    }
  });

  test('can reach the public health endpoint without secrets', async ({ request }) => {
    const response = await request.get('/api/health');
    expect(response.status()).toBe(200);
    const body = await response.text();
    expect(JSON.parse(body)).toMatchObject({ status: 'ok', database: { reachable: true, source: 'embedded' } });
    expect(body).not.toMatch(/postgres(ql)?:\/\//);
  });
});

test.describe('a viewer', () => {
  test.beforeAll(async () => ensureUser(E2E.viewer, 'viewer'));

  test('cannot open the users, targets or audit pages, and does not see them in the navigation', async ({ page }) => {
    await signIn(page, E2E.viewer);
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' })).toHaveCount(0);
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Targets' })).toHaveCount(0);
    for (const path of ['/admin/users', '/admin/targets', '/admin/audit']) {
      const response = await page.goto(path);
      expect(response?.status()).toBe(403);
      await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
    }
  });

  test('is refused by every server action above the viewer role, forged or not', async ({ page }) => {
    await signIn(page, E2E.viewer);
    for (const action of listServerActions()) {
      expect(isRole(action.requiredRole), `${action.file} must call requireRole exactly once`).toBe(true);
      const text = await forgeActionCall(page.request, action.id, action.pagePath);
      if (isRole(action.requiredRole) && !hasRole('viewer', action.requiredRole)) {
        expect(text, action.name).toContain('"code":"forbidden"');
        expect(text, action.name).not.toContain('"ok":true');
      } else {
        expect(text, action.name).not.toContain('"code":"forbidden"');
      }
    }
  });
});

test.describe('an operator', () => {
  test.beforeAll(async () => ensureUser(E2E.operator, 'operator'));

  test('is refused by every admin-only server action and the backup download, forged or not', async ({ page }) => {
    await signIn(page, E2E.operator);
    const adminActions = listServerActions().filter((action) => action.requiredRole === 'admin');
    expect(adminActions.map((action) => action.name)).toEqual(
      expect.arrayContaining(['restoreBackup', 'saveBackupSettings', 'revokeSignoff', 'addTarget', 'removeTarget']),
    );
    for (const action of adminActions) {
      const text = await forgeActionCall(page.request, action.id, action.pagePath);
      expect(text, action.name).toContain('"code":"forbidden"');
    }
    expect((await page.request.get('/api/backups/1/download')).status()).toBe(403);
  });
});
