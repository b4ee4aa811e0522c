/**
 * `npm run docs:screenshots`: the pictures in README.md and docs/, taken from the console as a newcomer first sees
 * it — `npm start` on a fresh embedded PostgreSQL with demo data — so they can be retaken whenever a page changes.
 * Starts the console on DOCS_PORT (default 3150) with its data in DOCS_DATA_DIR (default .data-docs, emptied
 * first), signs in as an admin made for the run, opens each page in Debian's Chromium (as playwright.config.ts
 * does), waits for the page's own content by role, and writes PNGs to docs/images/. Stops the console at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { chromium, expect, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from '../e2e/support/chromium';

const root = process.cwd();
const port = Number(process.env.DOCS_PORT ?? 3150);
const baseUrl = `http://localhost:${port}`;
const dataDir = process.env.DOCS_DATA_DIR ?? '.data-docs';
const imagesDir = path.join(root, 'docs', 'images');
const admin = { email: 'dba@halcytone.local', password: randomBytes(18).toString('base64url') };
const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };

/** The demo runs on the embedded PostgreSQL, which `npm start` uses only when DATABASE_URL is unset. */
function withoutDatabaseUrl(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, CONSOLE_DATABASE_URL: _alsoIgnored, ...rest } = env;
  return rest;
}

function startConsole(): ChildProcess {
  rmSync(path.resolve(root, dataDir), { recursive: true, force: true });
  const child = spawn('npm', ['start'], {
    cwd: root,
    detached: true, // its own process group, so stopping it stops the server and PostgreSQL under it
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...withoutDatabaseUrl(process.env),
      PORT: String(port),
      DATA_DIR: dataDir,
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      NEXTAUTH_URL: baseUrl,
      // Samples every 2 s, so the overview and History have figures within the first seconds.
      SAMPLE_INTERVAL_SECONDS: '2',
    },
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  child.on('exit', (code) => {
    if (code !== 0 && code !== null) console.error(`npm start exited (${code}):\n${output.join('').slice(-4000)}`);
  });
  return child;
}

async function waitForHealth(child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('npm start exited before the console answered.');
    const ok = await fetch(`${baseUrl}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The console did not answer ${baseUrl}/api/health within 5 minutes.`);
}

async function signIn(page: Page): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
}

/** Opens `route`, waits for its heading and `ready`, then saves the visible part of the page. */
async function shoot(page: Page, name: string, route: string, heading: string, ready?: (page: Page) => Promise<void>) {
  await page.goto(route);
  await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
  await ready?.(page);
  await page.waitForLoadState('networkidle');
  const file = path.join(imagesDir, `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled' });
  console.log(`wrote ${path.relative(root, file)}`);
}

/** The glance has its figures once the sampler's first sample is read (the "Figures" heading follows the tiles). */
async function waitForGlance(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Figures', level: 2 })).toBeVisible({ timeout: 60_000 });
}

async function takeScreenshots(browser: Browser): Promise<void> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: DESKTOP, colorScheme: 'light' });
  const page = await context.newPage();
  await signIn(page);

  await shoot(page, 'overview', '/', 'Overview', waitForGlance);
  await shoot(page, 'activity', '/activity', 'Activity', async (p) => {
    await expect(p.getByRole('table').first()).toBeVisible();
  });
  await shoot(page, 'queries', '/queries', 'Queries', async (p) => {
    await expect(p.getByRole('table').first()).toBeVisible();
  });
  await shoot(page, 'table-browser', '/tables/content_metrics', 'content_metrics', async (p) => {
    await expect(p.getByRole('row').nth(1)).toBeVisible();
  });

  // A backup taken through the page, so Backups shows a finished run with its size and SHA-256.
  await page.goto('/backups');
  await page.getByRole('button', { name: 'Back up now' }).click();
  await shoot(page, 'backups', '/backups', 'Backups', async (p) => {
    await expect(p.getByRole('row').filter({ hasText: 'succeeded' }).first()).toBeVisible({ timeout: 120_000 });
  });

  await shoot(page, 'checklist', '/checklist', 'Production checklist', async (p) => {
    await expect(p.getByRole('button', { name: 'Sign off item 3' })).toBeVisible();
  });
  await context.close();

  const phone = await browser.newContext({ baseURL: baseUrl, viewport: PHONE, colorScheme: 'light', isMobile: true });
  const phonePage = await phone.newPage();
  await signIn(phonePage);
  await shoot(phonePage, 'overview-phone', '/', 'Overview', waitForGlance);
  await phone.close();
}

async function main(): Promise<void> {
  mkdirSync(imagesDir, { recursive: true });
  const busy = await fetch(`${baseUrl}/api/health`).then(
    () => true,
    () => false,
  );
  if (busy) throw new Error(`Something already answers on port ${port}; set DOCS_PORT to a free one.`);
  console.log(`Starting the console on ${baseUrl} (data in ${dataDir})…`);
  const child = startConsole();
  let browser: Browser | undefined;
  try {
    await waitForHealth(child);
    browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
    await takeScreenshots(browser);
  } finally {
    await browser?.close();
    if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
  }
}

main().catch((error) => {
  console.error(`docs:screenshots failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
