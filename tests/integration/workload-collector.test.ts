/**
 * The workload collector's tick over the real target registry (the test server as the primary): a task due every
 * tick is waited for, a slow one runs on in the background and is not started again while it runs, a failing task
 * records its error per target without stopping the others, a task is visited again only when due, and what its
 * visits gathered is written once a tick, after them.
 */
import { describe, expect, it } from 'vitest';
import { createWorkloadCollector, type WorkloadTask } from '@/lib/workload/collector';
import { PRIMARY_TARGET } from '@/lib/targets/target-list';

function task(name: string, intervalMs: number, collect: WorkloadTask['collect']): WorkloadTask {
  return { name, intervalMs: () => intervalMs, collect };
}

describe('the workload collector', () => {
  it('waits for the every-tick task, runs a slow one in the background once, and records failures per target', async () => {
    const visits: string[] = [];
    let release!: () => void;
    const slowDone = new Promise<void>((resolve) => (release = resolve));
    const collector = createWorkloadCollector([
      task('sample', 5_000, async (target) => void visits.push(`sample:${target.name}`)),
      task('slow', 60_000, async (target) => {
        visits.push(`slow:${target.name}`);
        await slowDone;
      }),
      task('broken', 60_000, async () => {
        throw new Error('the target said no');
      }),
    ]);
    const t0 = new Date('2031-01-01T00:00:00Z');
    // The first tick returns although the slow visit is still running.
    await collector.tick(t0);
    expect(visits).toEqual([`sample:${PRIMARY_TARGET}`, `slow:${PRIMARY_TARGET}`]);
    // Five seconds on: the sample is due again, the slow task is not (and is still running anyway).
    await collector.tick(new Date(t0.getTime() + 5_000));
    expect(visits.filter((visit) => visit.startsWith('sample'))).toHaveLength(2);
    expect(visits.filter((visit) => visit.startsWith('slow'))).toHaveLength(1);
    // A minute on, the slow task is due but its last visit has not finished: not started twice.
    await collector.tick(new Date(t0.getTime() + 61_000));
    expect(visits.filter((visit) => visit.startsWith('slow'))).toHaveLength(1);
    release();
    await collector.settle();
    expect(collector.errors().get(`broken:${PRIMARY_TARGET}`)).toBe('the target said no');
    await collector.tick(new Date(t0.getTime() + 122_000));
    expect(visits.filter((visit) => visit.startsWith('slow'))).toHaveLength(2);
    await collector.settle();
  });

  it("writes each task's gathered results once a tick, after its visits, and records a failed write", async () => {
    const events: string[] = [];
    let storeUp = true;
    const collector = createWorkloadCollector([
      {
        ...task('sample', 5_000, async (target) => void events.push(`visit:${target.name}`)),
        afterTick: async (now) => {
          if (!storeUp) throw new Error('the store is down');
          events.push(`write:${now.toISOString()}`);
        },
      },
    ]);
    const t0 = new Date('2031-01-01T00:00:00Z');
    await collector.tick(t0);
    expect(events).toEqual([`visit:${PRIMARY_TARGET}`, `write:${t0.toISOString()}`]);
    storeUp = false;
    await collector.tick(new Date(t0.getTime() + 5_000));
    expect(collector.errors().get('sample:write')).toBe('the store is down');
    storeUp = true;
    await collector.tick(new Date(t0.getTime() + 10_000));
    expect(collector.errors().has('sample:write')).toBe(false);
    expect(events.filter((event) => event.startsWith('write'))).toHaveLength(2);
  });
});
