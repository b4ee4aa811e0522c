/**
 * Report paths with no other browser test: the History charts, whose latest values are those of the newest sample
 * the sampler stored; and an operator's EXPLAIN of a listed statement, drawn as a plan tree, EXPLAIN ANALYZE of a
 * parameterised one with a typed value — both as the EXPLAIN role npm start made (halcytone_explain) — and both
 * refused, saying why and what to run, when that role is not safe to plan as.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { formatBytes } from '../lib/format';
import { signIn } from './support/auth';
import { ensureUser, withDb } from './support/db';
import { E2E } from './support/settings';

test('the History charts end at the newest stored sample', async ({ page }) => {
  await signIn(page, E2E.admin);
  await page.goto('/history?range=15m');
  const size = page.getByTestId('chart-summary-database-size');
  const latestAt = await size.getAttribute('data-latest-at');
  expect(latestAt).toBeTruthy();
  const snapshot = await withDb(
    async (client) =>
      (
        await client.query(
          `SELECT snapshot FROM console.metric_sample WHERE target = 'primary' AND snapshot->>'takenAt' = $1`,
          [latestAt],
        )
      ).rows[0]?.snapshot as {
        database: { sizeBytes: number };
        connections: { byState: { state: string; count: number }[] };
      },
  );
  expect(snapshot).toBeDefined();
  const newest = await withDb(
    async (client) =>
      (await client.query(`SELECT max(taken_at) AS at FROM console.metric_sample WHERE target = 'primary'`)).rows[0]
        .at as Date,
  );
  // Nothing newer than the chart's last point was stored before the page was read, give or take a round.
  expect(newest.getTime() - Date.parse(latestAt!)).toBeLessThanOrEqual(4_000);
  await expect(size).toContainText(`latest ${formatBytes(snapshot.database.sizeBytes)}`);
  const active = snapshot.connections.byState
    .filter((row) => row.state === 'active')
    .reduce((sum, row) => sum + row.count, 0);
  await expect(page.getByTestId('chart-summary-connections')).toContainText(`latest ${active}`);
  await expect(page.getByTestId('chart-database-size').locator('svg')).toBeVisible();
});

test('an operator explains a listed statement and reads its plan as a tree', async ({ page }) => {
  await ensureUser(E2E.operator, 'operator');
  // A statement slow enough to lead the list by mean time.
  await withDb(async (client) => {
    for (let i = 0; i < 3; i++)
      await client.query(`SELECT pg_sleep(0.3), count(*) FROM content_metrics WHERE channel = $1 /* e2e explain */`, [
        'email',
      ]);
  });
  await signIn(page, E2E.operator);
  await page.goto('/queries?view=reset&order=mean');
  const row = page.getByRole('row').filter({ hasText: 'e2e explain' }).first();
  await row.getByRole('button', { name: 'Explain', exact: true }).click();
  const tree = row.getByTestId('plan-tree');
  await expect(tree).toBeVisible();
  await expect(tree).toContainText('Aggregate');
  await expect(tree).toContainText('on content_metrics');
  await expect(row.getByRole('region', { name: 'Plan' })).toContainText('Generic plan');
  await expect(row.getByRole('region', { name: 'Plan' })).toContainText('Planned as halcytone_explain, read-only.');
});

/** The Queries page's row of a statement just run (by its comment), once the list shows it. */
async function statementRow(page: Page, marker: string): Promise<Locator> {
  const row = page.getByRole('row').filter({ hasText: marker }).first();
  // The list is shared for LIVE_REPORT_CACHE_SECONDS: a test before may have read it just before.
  await expect(async () => {
    await page.goto('/queries?view=reset&order=mean');
    await expect(row).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  return row;
}

test('an operator EXPLAIN ANALYZEs a parameterised statement by typing a value and reads actual times', async ({
  page,
}) => {
  await ensureUser(E2E.operator, 'operator');
  await withDb(async (client) => {
    // pg_stat_statements ignores comments when it tells statements apart: this one differs from the test above.
    for (let i = 0; i < 3; i++)
      await client.query(`SELECT pg_sleep($2), max(id) FROM content_metrics WHERE channel = $1 /* e2e analyze */`, [
        'email',
        0.3,
      ]);
  });
  await signIn(page, E2E.operator);
  const row = await statementRow(page, 'e2e analyze');
  await row.getByRole('button', { name: 'Explain analyze…' }).click();
  const form = row.getByRole('form', { name: 'Explain analyze' });
  // npm start on the embedded demo sets EXPLAIN_ROLE to the role it made.
  await expect(form).toContainText('Runs the statement as halcytone_explain in a read-only transaction');
  await expect(form.getByLabel(/\$1/)).toHaveAccessibleName('$1 text');
  await form.getByLabel(/\$1/).fill('email');
  await expect(form.getByLabel(/\$2/)).toHaveAccessibleName('$2 double precision');
  await form.getByLabel(/\$2/).fill('0.01');
  await form.getByRole('button', { name: 'Run EXPLAIN ANALYZE' }).click();
  const plan = row.getByRole('region', { name: 'Plan' });
  await expect(plan).toContainText('Analysed as halcytone_explain, read-only.');
  await expect(plan).toContainText(/Execution \d+\.\d{3} ms \(rolled back\)/);
  await expect(row.getByTestId('plan-tree')).toContainText(/actual \d+\.\d{3} ms, 1 rows × 1 loop/);
  const audited = await withDb(
    async (client) =>
      (
        await client.query(
          `SELECT actor_email, after FROM console.audit_event WHERE action = 'statements.explain_analyze' ORDER BY id DESC LIMIT 1`,
        )
      ).rows[0],
  );
  expect(audited.actor_email).toBe(E2E.operator.email);
  expect(audited.after.query).toContain('WHERE channel = $1');
});

test('an operator is told that Explain and EXPLAIN ANALYZE are refused while the EXPLAIN role can log in, and what to run', async ({
  page,
}) => {
  await ensureUser(E2E.operator, 'operator');
  await withDb(async (client) => {
    for (let i = 0; i < 3; i++)
      await client.query(`SELECT pg_sleep(0.3), min(id) FROM content_metrics WHERE channel = $1 /* e2e refused */`, [
        'email',
      ]);
  });
  // A role that can log in may signal its own sessions: planted code planned as it could end them.
  await withDb((client) => client.query('ALTER ROLE halcytone_explain LOGIN'));
  try {
    await signIn(page, E2E.operator);
    const row = await statementRow(page, 'e2e refused');
    await row.getByRole('button', { name: 'Explain', exact: true }).click();
    const refusal = row.getByRole('alert');
    await expect(refusal).toContainText(
      'Explain is refused: EXPLAIN_ROLE names the role "halcytone_explain", which can log in',
    );
    await expect(refusal).toContainText('CREATE ROLE halcytone_explain NOLOGIN');
    await expect(refusal).toContainText('the console never plans one as its own role');
    await expect(row.getByRole('region', { name: 'Plan' })).toHaveCount(0);
    await row.getByRole('button', { name: 'Explain analyze…' }).click();
    const form = row.getByRole('form', { name: 'Explain analyze' });
    await expect(form.getByRole('alert')).toContainText(
      'EXPLAIN ANALYZE is refused: EXPLAIN_ROLE names the role "halcytone_explain", which can log in',
    );
    await expect(form.getByRole('button', { name: 'Run EXPLAIN ANALYZE' })).toBeDisabled();
  } finally {
    await withDb((client) => client.query('ALTER ROLE halcytone_explain NOLOGIN'));
  }
});
