/**
 * The workload collector's tick over the real target registry (the test server as the primary): a task due every
 * tick is waited for, a slow one runs on in the background and is not started again while it runs, a failing task
 * records its error per target without stopping the others, a task is visited again only when due, what its visits
 * gathered is written once a tick, after them, and every visit of a target goes over one session of the collector's.
 */
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { query } from '@/lib/pg/client';
import { int } from '@/lib/pg/rows';
import { COLLECTOR_APPLICATION_NAME, createWorkloadCollector, type WorkloadTask } from '@/lib/workload/collector';
import { PRIMARY_TARGET } from '@/lib/targets/target-list';

const pidRow = z.object({ pid: int });

/** The collector's sessions on the test server, as pg_stat_activity lists them (read through the pages' pool). */
async function collectorSessions(): Promise<number[]> {
  const rows = await query(pidRow, 'SELECT pid FROM pg_stat_activity WHERE application_name = $1 ORDER BY pid', [
    COLLECTOR_APPLICATION_NAME,
  ]);
  return rows.map((row) => row.pid);
}

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
    await collector.stop();
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
    await collector.stop();
  });

  it('visits a target over one session of its own, shared by its tasks whatever they send at once', async () => {
    expect(await collectorSessions()).toEqual([]);
    const pids = new Set<number>();
    // Three statements at once, one of them slow enough that the other task's visit overlaps it.
    const askThreeAtOnce: WorkloadTask['collect'] = async () => {
      const answers = await Promise.all([
        query(pidRow, 'SELECT pg_backend_pid() AS pid'),
        query(pidRow, 'SELECT pg_backend_pid() AS pid FROM pg_sleep(0.05)'),
        query(pidRow, 'SELECT pg_backend_pid() AS pid WHERE $1::int = 1', [1]),
      ]);
      for (const [row] of answers) pids.add(row.pid);
    };
    const collector = createWorkloadCollector([task('one', 5_000, askThreeAtOnce), task('two', 5_000, askThreeAtOnce)]);
    const t0 = new Date('2031-01-01T00:00:00Z');
    await collector.tick(t0);
    await collector.tick(new Date(t0.getTime() + 5_000));
    expect(collector.errors()).toEqual(new Map());
    expect(pids.size).toBe(1);
    expect(await collectorSessions()).toEqual([...pids]);
    expect(collector.connections().held()).toBe(1);

    // Its session cut (a server restart, an administrator): a visit or two later, the target is visited on a new one.
    const [first] = pids;
    await query(z.object({ ok: z.boolean() }), 'SELECT pg_terminate_backend($1) AS ok', [first]);
    let at = t0.getTime() + 5_000;
    await expect
      .poll(
        async () => {
          await collector.tick(new Date((at += 5_000)));
          const sessions = await collectorSessions();
          return collector.errors().size === 0 && sessions.length === 1 && sessions[0] !== first;
        },
        { timeout: 10_000, interval: 100 },
      )
      .toBe(true);
    expect(collector.connections().held()).toBe(1);

    await collector.stop();
    expect(collector.connections().held()).toBe(0);
    await expect.poll(collectorSessions).toEqual([]);
  });
});
