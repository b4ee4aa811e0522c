/**
 * The on-call engineer during an outage of the database the console runs on (the embedded default: the watched
 * primary holds the console's own data too). The real server is stopped in the middle of a signed-in session:
 * every page still answers, inside the shell, saying what is down and since when; the glance shows the last known
 * figures greyed; /api/health and /api/metrics say so; a new sign-in is refused with the reason. Started again,
 * the console is back to normal by itself.
 */
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support/auth';
import {
  isConsoleDatabaseRunning,
  startConsoleDatabase,
  stopConsoleDatabase,
  waitUntilConsoleRecovers,
} from './support/console-database';
import { listPages } from './support/routes';
import { E2E } from './support/settings';

test.describe.configure({ mode: 'serial' });

const BANNER =
  /Console database unreachable since \d{2}:\d{2}:\d{2} UTC \((under a minute|\d+ min)\) — showing the last known state/;

let page: Page;

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  await signIn(page, E2E.admin);
  // Current figures before the outage, so there are last known ones to show during it.
  await expect(page.getByTestId('current-figures')).toBeVisible({ timeout: 30_000 });
});

test.afterAll(async () => {
  if (!isConsoleDatabaseRunning()) startConsoleDatabase();
  await waitUntilConsoleRecovers();
  await page?.close();
});

test('the overview says since when the database is unreachable and greys its last known figures', async () => {
  test.setTimeout(90_000);
  stopConsoleDatabase();
  await expect(page.getByTestId('glance-status')).toContainText(
    /Database unreachable since \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/,
    { timeout: 30_000 },
  );
  await expect(page.getByTestId('glance-status')).toHaveAttribute('data-status', 'bad');
  await expect(page.getByTestId('store-outage-banner')).toHaveText(BANNER, { timeout: 30_000 });
  await expect(page.getByTestId('last-known-figures')).toBeVisible();
  await expect(page.getByRole('heading', { name: /Last known figures, sampled at/ })).toBeVisible();

  // A fresh load of the page answers 200 and says the same.
  const response = await page.reload();
  expect(response?.status()).toBe(200);
  await expect(page.getByTestId('store-outage-banner')).toHaveText(BANNER);
  await expect(page.getByTestId('tile-database')).toHaveAttribute('data-status', 'bad');
});

for (const pagePath of listPages().filter((p) => p !== '/login' && p !== '/')) {
  test(`${pagePath} answers inside the shell and says the console database is down`, async () => {
    const response = await page.goto(pagePath);
    expect(response?.status(), pagePath).toBeLessThan(500);
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await expect(page.getByTestId('store-outage-banner')).toHaveText(BANNER);
    await expect(page.getByText(/This page couldn.t load|Application error|Internal Server Error/)).toHaveCount(0);
  });
}

test('/api/health answers 503 naming what is down, /api/metrics says pg_up 0 for the primary', async ({ request }) => {
  const health = await request.get('/api/health');
  expect(health.status()).toBe(503);
  const body = await health.json();
  expect(body).toMatchObject({
    status: 'degraded',
    down: ['console database', 'primary'],
    consoleDatabase: { location: 'primary', reachable: false },
    database: { reachable: false },
  });
  expect(Date.parse(body.consoleDatabase.unreachableSince)).not.toBeNaN();
  // The kind of failure only: no host, address, port or user.
  expect(body.consoleDatabase.reason).toBe('connection refused');
  expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|postgres/);
  expect((await request.get('/api/health/live')).status()).toBe(200);
  expect(JSON.stringify(body)).not.toMatch(/postgres(ql)?:\/\//);

  const metrics = await (await request.get('/api/metrics')).text();
  expect(metrics).toContain('pg_up{target="primary"} 0');
});

test('a new sign-in is refused with the reason', async ({ browser }) => {
  const fresh = await browser.newPage();
  try {
    await fresh.goto('/login');
    await expect(fresh.getByTestId('login-outage')).toContainText(
      /Console database unreachable since .*signing in is not possible until it answers/,
    );
    await fresh.getByLabel('E-mail').fill(E2E.admin.email);
    await fresh.getByLabel('Password').fill(E2E.admin.password);
    await fresh.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(
      fresh.getByRole('alert').filter({ hasText: 'nobody can sign in until it answers again' }),
    ).toBeVisible();
  } finally {
    await fresh.close();
  }
});

test('started again, the console is back to normal by itself', async ({ request }) => {
  test.setTimeout(90_000);
  await page.goto('/');
  startConsoleDatabase();
  await expect(page.getByTestId('store-outage-banner')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('glance-status')).not.toContainText('unreachable', { timeout: 30_000 });
  await expect(page.getByTestId('current-figures')).toBeVisible();
  await expect.poll(async () => (await request.get('/api/health')).status(), { timeout: 30_000 }).toBe(200);
});
