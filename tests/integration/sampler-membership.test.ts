/**
 * Console processes sharing the fleet through membership locks in the console store (lib/sampler/membership.ts),
 * for real: shards in this test process play console processes, each with its own lock session. They see each other
 * and split 200 targets disjointly and completely; a lock session ended by the server or a shard closed hands its
 * targets to the others at their next refresh (and the ended one comes back with its id); a newcomer takes a share,
 * moving targets only to itself; and while the store is stopped each keeps its last view, a shard created meanwhile
 * owns everything, and after the restart they are all members again. The store is a server of this file's own, so
 * that it can be stopped.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmbeddedServer, type EmbeddedServer } from '@/lib/embedded/embedded-server';
import type { Shard } from '@/lib/sampler/membership';

const TARGETS = Array.from({ length: 200 }, (_, index) => `db-${index}`);

describe('sharing the fleet among console processes', () => {
  let dataDir: string;
  let server: EmbeddedServer;
  let createShard: typeof import('@/lib/sampler/membership').createShard;
  const shards: Shard[] = [];
  // Each refresh in these tests is given a time past the previous one's rate limit, unless it tests that limit.
  let clock = Date.now();
  const later = () => (clock += 60_000);

  async function join(): Promise<Shard> {
    const shard = await createShard();
    shards.push(shard);
    return shard;
  }

  async function sql(text: string, values: unknown[] = []): Promise<unknown[]> {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      return (await client.query(text, values)).rows;
    } finally {
      await client.end();
    }
  }

  /** The backend holding `memberId`'s lock, found by its application_name. */
  async function lockSessionPid(memberId: number): Promise<number | undefined> {
    const rows = await sql(`SELECT pid FROM pg_stat_activity WHERE application_name = $1`, [
      `halcytone-console member ${memberId}`,
    ]);
    return (rows as { pid: number }[])[0]?.pid;
  }

  const sorted = (ids: readonly number[]) => [...ids].sort((x, y) => x - y);

  /** Refreshes each of `group` until all see `expected` (a session's end reaches pg_locks a moment after it). */
  async function refreshUntil(group: Shard[], expected: readonly number[]): Promise<void> {
    await expect
      .poll(
        async () => {
          for (const shard of group) await shard.refresh(later());
          return group.map((shard) => shard.members());
        },
        { timeout: 20_000, interval: 200 },
      )
      .toEqual(group.map(() => sorted(expected)));
  }

  const ownedBy = (shard: Shard) => TARGETS.filter((target) => shard.owns(target));

  /** Every target is owned by exactly one of `group`, and each owns a fair part of them. */
  function expectSplit(group: Shard[]): void {
    for (const target of TARGETS)
      expect(
        group.filter((shard) => shard.owns(target)),
        target,
      ).toHaveLength(1);
    for (const shard of group) expect(ownedBy(shard).length).toBeGreaterThan(TARGETS.length / group.length / 2);
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'halcytone-membership-'));
    server = await startEmbeddedServer({ dataDir, notice: () => {} });
    // Before any console module reads the environment (lib/env.ts caches it): this server is the console store.
    process.env.DATABASE_URL = server.url;
    // The store's outage is logged once when it starts and once when it ends; not shown here.
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    ({ createShard } = await import('@/lib/sampler/membership'));
  }, 120_000);

  afterAll(async () => {
    for (const shard of shards) await shard.close();
    vi.restoreAllMocks();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('lets two processes see each other and split the targets disjointly and completely', async () => {
    const [a, b] = [await join(), await join()];
    expect(a.memberId).not.toBe(b.memberId);
    await a.refresh(later());
    expect(a.members()).toEqual(sorted([a.memberId, b.memberId]));
    expect(b.members()).toEqual(a.members());
    expectSplit([a, b]);
  });

  it('hands the targets of an ended lock session to the other at its next refresh; the ended one comes back', async () => {
    const [a, b] = shards;
    const split = ownedBy(a);
    const pid = await lockSessionPid(a.memberId);
    expect(pid).toBeDefined();
    await sql('SELECT pg_terminate_backend($1)', [pid]);

    await refreshUntil([b], [b.memberId]);
    expect(ownedBy(b)).toEqual(TARGETS);

    // At its own next refresh the first opens a new session and takes its lock, with the same id, again.
    const id = a.memberId;
    await a.refresh(later());
    expect(a.memberId).toBe(id);
    expect(await lockSessionPid(id)).not.toBe(pid);
    await b.refresh(later());
    expect(b.members()).toEqual(a.members());
    expect(ownedBy(a)).toEqual(split);
    expectSplit([a, b]);
  });

  it('hands the targets of a closed shard to the other, and the closed one owns nothing', async () => {
    const [a, b] = shards;
    await a.close();
    expect(a.members()).toEqual([]);
    expect(ownedBy(a)).toEqual([]);
    await refreshUntil([b], [b.memberId]);
    expect(ownedBy(b)).toEqual(TARGETS);
  });

  it('gives a newcomer a share at the next refresh after the rate limit, moving targets only to it', async () => {
    const b = shards[1];
    const at = later();
    await b.refresh(at);
    const c = await join();
    // Within the rate limit (SAMPLE_INTERVAL_SECONDS / 3, at most 5 s) the membership is not read again.
    await b.refresh(at + 1_000);
    expect(b.members()).toEqual([b.memberId]);
    await b.refresh(at + 5_000);
    expect(b.members()).toEqual(sorted([b.memberId, c.memberId]));
    expectSplit([b, c]);

    const before = new Map(TARGETS.map((target) => [target, b.owns(target) ? b : c]));
    const d = await join();
    await b.refresh(later());
    await c.refresh(later());
    expect(b.members()).toEqual(d.members());
    expect(c.members()).toEqual(d.members());
    expectSplit([b, c, d]);
    const moved = TARGETS.filter((target) => !before.get(target)!.owns(target));
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.every((target) => d.owns(target))).toBe(true);
  });

  it(
    'keeps the last view while the store is down, owns everything when started meanwhile, and rejoins after',
    { timeout: 90_000 },
    async () => {
      const [, b, c, d] = shards;
      const view = b.members();
      const owned = [b, c, d].map(ownedBy);

      await server.stop();
      for (const shard of [b, c, d]) await shard.refresh(later());
      expect([b, c, d].map((shard) => shard.members())).toEqual([view, view, view]);
      expect([b, c, d].map(ownedBy)).toEqual(owned);

      // A process started during the outage cannot know the others: it samples everything until the store answers.
      const e = await join();
      expect(e.members()).toEqual([e.memberId]);
      expect(ownedBy(e)).toEqual(TARGETS);

      server = await startEmbeddedServer({ dataDir, port: server.port, notice: () => {} });
      const everyone = [b, c, d, e].map((shard) => shard.memberId);
      await refreshUntil([b, c, d, e], everyone);
      // Same ids as before the restart, each lock taken again on a new session.
      expect(sorted([b, c, d].map((shard) => shard.memberId))).toEqual(view);
      for (const id of everyone) expect(await lockSessionPid(id)).toBeDefined();
      expectSplit([b, c, d, e]);
    },
  );
});
