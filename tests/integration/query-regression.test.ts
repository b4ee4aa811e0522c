/**
 * A statement made slower on purpose: its 7-day baseline is fast (written as history), then the real server runs
 * it ten milliseconds a call and the collector stores those intervals. The check finds it, the sampling round
 * carries the count, and QueryRegression goes pending, fires after its five minutes and reaches the webhook.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../support/webhook-receiver';
import { sqlValue, withClient } from '../support/sql';

let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  // Before any console module reads the environment (lib/env.ts caches it).
  process.env.ALERT_WEBHOOK_URL = receiver.url;
  process.env.ALERT_WEBHOOK_BACKOFF_MS = '20';
});

afterAll(async () => {
  await receiver?.close();
});

const SLOW_STATEMENT = 'SELECT pg_sleep($1) /* regression probe */';

describe('QueryRegression', () => {
  it('fires for a statement twice as slow as its baseline, listed with both means', { timeout: 60_000 }, async () => {
    const { getPrisma } = await import('@/lib/db');
    const { PRIMARY_TARGET } = await import('@/lib/targets/target-list');
    const { writeInterval, rollUpHours } = await import('@/lib/workload/statements/store');
    const { collectStatementInterval, createTargetMemory } = await import('@/lib/workload/statements/statement-task');
    const { listRegressions } = await import('@/lib/workload/statements/regressions');
    const { sampleFleet } = await import('@/lib/sampler/fleet-round');
    const { createSamplerState } = await import('@/lib/sampler/sampler-state');
    const { findOpenEpisodes } = await import('@/lib/alerts/store');

    await withClient((client) => client.query(SLOW_STATEMENT, [0]));
    const queryId = await sqlValue<string>(
      `SELECT queryid::text FROM pg_stat_statements WHERE query LIKE '%regression probe%' LIMIT 1`,
    );
    const target = PRIMARY_TARGET;
    await getPrisma().$executeRaw`DELETE FROM console.statement_rollup WHERE target = ${target}`;
    // Its baseline: two days ago, a thousand calls an hour at 0.05 ms.
    const now = new Date();
    const baselineStart = new Date(Math.floor((now.getTime() - 2 * 86_400_000) / 3_600_000) * 3_600_000);
    for (let hour = 0; hour < 6; hour++)
      await writeInterval({
        target,
        sampledAt: new Date(baselineStart.getTime() + hour * 3_600_000 + 30 * 60_000),
        seconds: 60,
        entries: 1,
        evicted: 0,
        restarted: 0,
        kept: [
          {
            queryId,
            userId: 10,
            dbId: 1,
            toplevel: true,
            calls: 1000,
            totalMs: 50,
            rows: 1000,
            sharedBlksHit: 0,
            sharedBlksRead: 0,
            sharedBlksDirtied: 0,
            sharedBlksWritten: 0,
            tempBlksRead: 0,
            tempBlksWritten: 0,
            blkIoMs: 0,
            walBytes: 0,
          },
        ],
        others: null,
      });
    await rollUpHours(target, now, { maxHours: 100 });

    // Now, on the real server: the same statement (same queryid) at 10 ms a call, collected as the collector does.
    const memory = createTargetMemory();
    await collectStatementInterval(target, memory, { intervalSeconds: 60, top: 200 });
    await withClient(async (client) => {
      for (let i = 0; i < 25; i++) await client.query(SLOW_STATEMENT, [0.01]);
    });
    memory.regressionsCheckedAt = 0;
    await collectStatementInterval(target, memory, { intervalSeconds: 60, top: 200 });

    const listed = (await listRegressions(target)).find((r) => r.queryId === queryId);
    expect(listed).toMatchObject({ kind: 'slower', recentCalls: 25, baselineMeanMs: 0.05 });
    expect(listed!.recentMeanMs).toBeGreaterThanOrEqual(10);
    expect(listed!.query).toContain('SELECT pg_sleep($1)');

    const state = createSamplerState();
    const first = await sampleFleet(now, state);
    expect(first.readings.find((r) => r.target === target)!.sample!.regressions).toBeGreaterThanOrEqual(1);
    expect((await findOpenEpisodes()).filter((e) => e.rule === 'QueryRegression')).toMatchObject([
      { target, state: 'pending' },
    ]);
    const later = await sampleFleet(new Date(now.getTime() + 301_000), state);
    await later.notified;
    expect((await findOpenEpisodes()).filter((e) => e.rule === 'QueryRegression')).toMatchObject([
      { target, state: 'firing' },
    ]);
    expect(receiver.received.map((r) => [r.body.status, r.body.alert, r.body.target])).toContainEqual([
      'firing',
      'QueryRegression',
      target,
    ]);
  });
});
