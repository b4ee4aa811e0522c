/** Domain views against known data: the A/B interval by hand (through the rollups), and the writes with their audit entries. */
import { describe, expect, it } from 'vitest';
import { getPrisma } from '@/lib/db';
import { compareToControl } from '@/lib/tables/insights/ab-tests';
import { createCycleMemory, runInsightsCycle } from '@/lib/tables/insights/rollups/run-insights-cycle';
import { getQualityDistribution, getVariantStats } from '@/lib/tables/insights/rollups/figures';
import { clearRollups } from '@/lib/tables/insights/rollups/store';
import { applyScheduledChange, findFailed, findOverduePending } from '@/lib/tables/insights/scheduled-content';
import { knownError } from '@/lib/store/store-errors';
import { openSession } from '../support/sessions';
import { applySegmentActive } from '@/lib/tables/insights/user-segments';
import { withClient } from '../support/sql';

const actor = { id: null, email: 'operator@example.com' };

/** The rollups rebuilt from scratch against the server's own clock, and the server's local date `days` ahead. */
async function rollUp(daysAhead: number): Promise<string> {
  await clearRollups();
  const memory = createCycleMemory();
  const settings = {
    lateSeconds: 15,
    cycleBudgetMs: 60_000,
    buildBudgetMs: 60_000,
    listDaysEveryMs: 0,
    listingsPerCycle: Infinity,
    sourceTarget: 'primary',
  };
  for (let cycle = 0; cycle < 2; cycle++) expect((await runInsightsCycle(settings, memory)).errors).toEqual({});
  return withClient(
    async (c) => (await c.query(`SELECT (current_date + $1::int)::text AS day`, [daysAhead])).rows[0].day as string,
  );
}

describe('A/B test results', () => {
  it('matches a hand-computed 95 % interval, through the rollups', async () => {
    // control: 0.10, 0.20, 0.30 → mean 0.2, s = 0.1; variant: 0.30, 0.40, 0.50, 0.60 → mean 0.45, s = 0.1290994
    await withClient((c) =>
      c.query(`INSERT INTO ab_test_results (test_id, variant_id, metric_name, metric_value, "timestamp")
               SELECT 'zz-hand', v, 'ctr', x, localtimestamp - interval '1 day'
               FROM (VALUES ('control', 0.1), ('control', 0.2), ('control', 0.3), ('b', 0.3), ('b', 0.4), ('b', 0.5), ('b', 0.6)) AS t(v, x)`),
    );
    const yesterday = await rollUp(-1);
    const stats = await getVariantStats({ from: yesterday, to: yesterday }, 50);
    const rows = compareToControl(stats.filter((s) => s.testId === 'zz-hand'));
    const b = rows.find((r) => r.variantId === 'b')!;
    expect(b.count).toBe(4);
    expect(b.mean).toBeCloseTo(0.45, 10);
    const se = Math.sqrt(0.1290994448735806 ** 2 / 4 + 0.1 ** 2 / 3); // sqrt(0.0041667 + 0.0033333) = 0.0866025
    expect(b.difference!.value).toBeCloseTo(0.25, 10);
    expect(b.difference!.low).toBeCloseTo(0.25 - 1.959964 * se, 6);
    expect(b.difference!.high).toBeCloseTo(0.4197379, 6); // 0.25 + 1.959964 × 0.0866025
  });

  it('buckets quality scores as SQL does, each bound a number (numeric arrives from pg as text)', async () => {
    await withClient((c) =>
      c.query(
        `INSERT INTO content_metrics (content_id, channel, quality_score) VALUES ('q-probe-1', 'email', 0.15), ('q-probe-2', 'email', 0.95), ('q-probe-3', 'email', 1.00)`,
      ),
    );
    const today = await rollUp(0);
    const buckets = await getQualityDistribution({ from: '2000-01-01', to: today });
    const expected = await withClient(async (c) =>
      (
        await c.query(`SELECT (least(width_bucket(quality_score, 0, 1, 10), 11) - 1) / 10.0 AS "from", count(*) AS n FROM content_metrics
                       WHERE quality_score IS NOT NULL AND created_at < current_date + 1 GROUP BY 1 ORDER BY 1`)
      ).rows.map((row: { from: string; n: string }) => ({ from: Number(row.from), count: Number(row.n) })),
    );
    expect(buckets).toEqual(expected);
    expect(buckets.map((bucket) => bucket.from)).toEqual(expect.arrayContaining([0.1, 0.9, 1]));
    // What the page does with each bound (it crashed when `from` was the text "0.1000…").
    expect(buckets.map((bucket) => bucket.from.toFixed(1))).toContain('0.1');
  });
});

describe('scheduled_content writes', () => {
  it('retries a failed item (pending, retry_count + 1) and audits before and after; refuses to retry it twice', async () => {
    const id = await withClient(
      async (c) =>
        (
          await c.query(
            `INSERT INTO scheduled_content (content_id, channel, scheduled_time, status, retry_count, error_message) VALUES ('retry-probe', 'email', localtimestamp - interval '1 hour', 'failed', 2, 'SMTP 421') RETURNING id`,
          )
        ).rows[0].id as number,
    );
    expect((await findFailed({ limit: 10_000 })).items.some((item) => item.id === id)).toBe(true);
    await applyScheduledChange(actor, id, 'retry');
    const row = await withClient(
      async (c) => (await c.query('SELECT status, retry_count FROM scheduled_content WHERE id = $1', [id])).rows[0],
    );
    expect(row).toEqual({ status: 'pending', retry_count: 3 });
    const [event] = await getPrisma().auditEvent.findMany({ where: { target: `scheduled_content:${id}` } });
    expect(event).toMatchObject({
      action: 'scheduled_content.retry',
      actorEmail: actor.email,
      before: { status: 'failed', retry_count: 2 },
      after: { status: 'pending', retry_count: 3 },
    });
    expect((await findOverduePending({ limit: 10_000 })).items.some((item) => item.id === id)).toBe(true);
    await expect(applyScheduledChange(actor, id, 'retry')).rejects.toThrow('only failed items can be retried');
    await applyScheduledChange(actor, id, 'cancel');
    expect(
      (await withClient((c) => c.query('SELECT status FROM scheduled_content WHERE id = $1', [id]))).rows[0].status,
    ).toBe('cancelled');
  });
});

describe('a write behind an application lock', () => {
  it('gives up after the lock timeout with a message that says so, and changes nothing', async () => {
    const id = await withClient(
      async (c) =>
        (
          await c.query(
            `INSERT INTO scheduled_content (content_id, channel, scheduled_time, status) VALUES ('locked-probe', 'email', localtimestamp, 'failed') RETURNING id`,
          )
        ).rows[0].id as number,
    );
    const application = await openSession('application-holding-a-row');
    await application.query('BEGIN');
    await application.query('SELECT 1 FROM scheduled_content WHERE id = $1 FOR UPDATE', [id]);
    try {
      const started = Date.now();
      const refusal = await applyScheduledChange(actor, id, 'retry').then(
        () => null,
        (error: unknown) => knownError(error),
      );
      expect(refusal).toMatchObject({
        code: 'query_timeout',
        userMessage: expect.stringContaining('holds a lock on this; nothing was changed'),
      });
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await application.query('ROLLBACK');
      await application.end();
    }
    expect(
      (await withClient((c) => c.query('SELECT status FROM scheduled_content WHERE id = $1', [id]))).rows[0].status,
    ).toBe('failed');
    expect(await getPrisma().auditEvent.count({ where: { target: `scheduled_content:${id}` } })).toBe(0);
  });
});

describe('user_segments writes', () => {
  it('deactivates and activates a segment, audited', async () => {
    await withClient((c) =>
      c.query(
        `INSERT INTO user_segments (segment_id, segment_name, criteria) VALUES ('toggle-probe', 'Probe', '{"a":1}')`,
      ),
    );
    await applySegmentActive(actor, 'toggle-probe', false);
    expect(
      (await withClient((c) => c.query(`SELECT active FROM user_segments WHERE segment_id = 'toggle-probe'`))).rows[0]
        .active,
    ).toBe(false);
    await applySegmentActive(actor, 'toggle-probe', true);
    const events = await getPrisma().auditEvent.findMany({
      where: { target: 'user_segments:toggle-probe' },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => [e.action, e.before, e.after])).toEqual([
      ['user_segments.deactivate', { active: true }, { active: false }],
      ['user_segments.activate', { active: false }, { active: true }],
    ]);
    await expect(applySegmentActive(actor, 'no-such-segment', true)).rejects.toThrow('does not exist');
  });
});
