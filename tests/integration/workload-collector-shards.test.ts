/**
 * The workload collector shares the fleet like the sampler (lib/sampler/membership.ts): two collectors playing two
 * console processes, each with a shard of its own on the console store, visit disjoint sets of targets that together
 * are the whole registry; when one process leaves, the other visits every target at its next ticks, a few new ones a
 * tick. Retention is not part of a tick: it is the leader's (startWorkloadCollector), and runs only when asked.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Shard } from '@/lib/sampler/membership';
import type { WorkloadTask } from '@/lib/workload/collector';

// Twenty more targets, all the suite's server under other names: what is visited is recorded, nothing is queried.
const NAMES = Array.from({ length: 20 }, (_, index) => `shard-${index}`);

describe('workload collectors in two processes', () => {
  let createWorkloadCollector: typeof import('@/lib/workload/collector').createWorkloadCollector;
  let shards: Shard[] = [];
  let everyTarget: string[];

  beforeAll(async () => {
    // Before any console module reads the environment (lib/env.ts caches it).
    process.env.TARGETS = NAMES.map((name) => `${name}=${inject('databaseUrl')}`).join(' ');
    ({ createWorkloadCollector } = await import('@/lib/workload/collector'));
    const { createShard } = await import('@/lib/sampler/membership');
    const { PRIMARY_TARGET } = await import('@/lib/targets/target-list');
    shards = [await createShard(), await createShard()];
    everyTarget = [PRIMARY_TARGET, ...NAMES].sort();
  });

  afterAll(async () => {
    for (const shard of shards) await shard.close();
  });

  function recorder(visits: string[], retired: string[]): WorkloadTask {
    return {
      name: 'record',
      intervalMs: () => 5_000,
      collect: async (target) => void visits.push(target.name),
      retire: async () => void retired.push('retired'),
    };
  }

  it('visits disjoint shares that cover the fleet, and all of it once the other process leaves', async () => {
    const [a, b] = shards;
    const visitsA: string[] = [];
    const visitsB: string[] = [];
    const retired: string[] = [];
    const first = createWorkloadCollector([recorder(visitsA, retired)], { shard: a });
    const second = createWorkloadCollector([recorder(visitsB, retired)], { shard: b });
    const t0 = new Date(Date.now() + 60_000);

    await first.tick(t0);
    await second.tick(t0);
    expect(a.members()).toEqual([a.memberId, b.memberId].sort((x, y) => x - y));
    expect(visitsA.length).toBeGreaterThan(0);
    expect(visitsB.length).toBeGreaterThan(0);
    expect(visitsA.filter((name) => visitsB.includes(name))).toEqual([]);
    expect([...visitsA, ...visitsB].sort()).toEqual(everyTarget);
    expect(retired).toEqual([]);

    // The second process leaves: at the first's next tick (past the membership's rate limit) it visits everything.
    await b.close();
    visitsA.length = 0;
    let at = t0.getTime();
    await expect
      .poll(
        async () => {
          await first.tick(new Date((at += 60_000)));
          return [...new Set(visitsA)].sort();
        },
        { timeout: 20_000, interval: 200 },
      )
      .toEqual(everyTarget);

    await first.retire(t0);
    expect(retired).toEqual(['retired']);
    expect(first.errors()).toEqual(new Map());
    await Promise.all([first.stop(), second.stop()]);
  });

  it('paces the first visits of targets new to it, a few a tick, so a hand-over does not come as one burst', async () => {
    // The second process has left: the first owns all 21 targets, every one new to a collector started now.
    const visits: string[] = [];
    const collector = createWorkloadCollector([recorder(visits, [])], { shard: shards[0], firstVisitsPerTick: 8 });
    const t0 = new Date(Date.now() + 3_600_000);
    const seen: number[] = [];
    for (let tick = 0; tick < 4; tick++) {
      await collector.tick(new Date(t0.getTime() + tick * 5_000));
      seen.push(new Set(visits).size);
    }
    // Eight new a tick; those already visited are visited again as they fall due.
    expect(seen).toEqual([8, 16, 21, 21]);
    expect(visits).toHaveLength(8 + 16 + 21 + 21);
    await collector.stop();
  });
});
