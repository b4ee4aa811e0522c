/**
 * A streaming replica made with pg_basebackup as a target: it is sampled as a replica with its lag, table
 * browsing reads from it when TABLE_READS_FROM names it (a row written on the primary while the replica's replay
 * is paused is not seen) and so are the insights rollups built, writes still go to the primary, and a replica that cannot be reached is named in the
 * error. Its own primary, with the console's migrations, stands in for DATABASE_URL. Run once, on PostgreSQL 15.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { embeddedUrl, startEmbeddedServer, type EmbeddedServer } from '@/lib/embedded/embedded-server';
import { applyMigrations } from '../support/migrate';
import { startStreamingReplica, type RunningProcess } from '../support/real-components';

const once = inject('postgresMajor') === 15;

async function sql<T extends object>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

describe.runIf(once)('a streaming replica as a target, with read routing on', () => {
  let dir: string;
  let primary: EmbeddedServer;
  let replica: RunningProcess & { port: number };
  let replicaUrl: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'halcytone-routing-'));
    await chmod(dir, 0o755);
    primary = await startEmbeddedServer({ dataDir: path.join(dir, 'primary'), notice: () => {} });
    applyMigrations(primary.url);
    await sql(
      primary.url,
      `INSERT INTO user_segments (segment_id, segment_name, criteria, active) VALUES ('seg-a', 'Segment A', '{}', true)`,
    );
    await sql(primary.url, `INSERT INTO content_audit (content_id, operation) VALUES ('before-pause', 'create')`);
    replica = await startStreamingReplica(path.join(dir, 'replicas', 'standby'), primary);
    replicaUrl = embeddedUrl({ ...primary, port: replica.port });
    // Before any console module reads the environment (lib/env.ts caches it).
    process.env.DATABASE_URL = primary.url;
    process.env.TARGETS = `replica-1=${replicaUrl}`;
    process.env.TABLE_READS_FROM = 'replica-1';
    for (
      let tries = 0;
      (await sql<{ n: number }>(replicaUrl, 'SELECT count(*)::int AS n FROM user_segments'))[0].n !== 1;
      tries++
    ) {
      if (tries > 100) throw new Error('the replica did not catch up in 20 s');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, 120_000);

  afterAll(async () => {
    await replica?.stop();
    await primary?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const auditView = async (contentId: string) => {
    const { parseViewState } = await import('@/lib/tables/view-state');
    const { TABLES } = await import('@/lib/tables/registry');
    return parseViewState(TABLES.content_audit, { f: `content_id:eq:${contentId}` });
  };

  it(
    'is sampled as a replica, with the lag it reports; the primary sees one replica',
    { timeout: 60_000 },
    async () => {
      const { sampleFleet } = await import('@/lib/sampler/fleet-round');
      const first = await sampleFleet();
      const [onPrimary, onReplica] = first.readings;
      expect(onReplica).toMatchObject({ target: 'replica-1', up: true });
      expect(onReplica.sample!.recovery).toEqual({ inRecovery: true, lagSeconds: 0 });
      expect(onPrimary.sample!.recovery).toEqual({ inRecovery: false, lagSeconds: null });
      expect(onPrimary.sample!.replication.replicas).toBe(1);
      // The sampler's summary (pg_stat_get_wal_senders) and the Replication page's list (pg_stat_replication) agree.
      const { listReplicas } = await import('@/lib/pg/replication');
      const replicas = await listReplicas();
      expect(replicas).toHaveLength(1);
      expect(onPrimary.sample!.replication.maxLagSeconds).toBeGreaterThanOrEqual(0);

      // Pause replay, write on the primary: the replica receives the WAL but does not apply it, so it lags.
      await sql(replicaUrl, 'SELECT pg_wal_replay_pause()');
      // pg_wal_replay_pause() only requests the pause; the startup process honours it between records.
      await expect
        .poll(
          async () =>
            (await sql<{ state: string }>(replicaUrl, 'SELECT pg_get_wal_replay_pause_state() AS state'))[0].state,
          { timeout: 10_000 },
        )
        .toBe('paused');
      await sql(primary.url, `INSERT INTO content_audit (content_id, operation) VALUES ('after-pause', 'create')`);
      await expect
        .poll(
          async () =>
            (
              await sql<{ behind: boolean }>(
                replicaUrl,
                'SELECT pg_last_wal_receive_lsn() > pg_last_wal_replay_lsn() AS behind',
              )
            )[0].behind,
          { timeout: 10_000 },
        )
        .toBe(true);
      // The lag grows by the second while replay stays paused; a busy machine may need more than one round to see it
      // pass a second, so the rounds are polled rather than one taken after a fixed sleep.
      let lag = 0;
      await expect
        .poll(
          async () => {
            const { readings } = await sampleFleet();
            lag = readings[1].sample!.recovery!.lagSeconds!;
            return lag;
          },
          { timeout: 20_000, interval: 500 },
        )
        .toBeGreaterThan(1);
      const [expected] = await sql<{ lag: number }>(
        replicaUrl,
        'SELECT extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 AS lag',
      );
      expect(Math.abs(expected.lag - lag)).toBeLessThan(1);

      const { clearSharedCache } = await import('@/lib/monitoring/shared-cache');
      clearSharedCache();
      const { listFleetMembers } = await import('@/lib/targets/fleet');
      expect((await listFleetMembers()).map((member) => [member.name, member.role])).toEqual([
        ['primary', 'primary'],
        ['replica-1', 'replica'],
      ]);
    },
  );

  it('builds the insights rollups from the replica (replay paused: the primary has a row the replica lacks)', async () => {
    const { createCycleMemory } = await import('@/lib/tables/insights/rollups/run-insights-cycle');
    const { runRoutedInsightsCycle } = await import('@/lib/tables/insights/rollups/scheduler');
    const { countRowsInRange } = await import('@/lib/tables/insights/rollups/figures');
    const { getRollupStatus } = await import('@/lib/tables/insights/rollups/get-rollup-status');
    const memory = createCycleMemory();
    for (let cycle = 0; cycle < 2; cycle++) expect((await runRoutedInsightsCycle(memory)).errors).toEqual({});
    const count = async (url: string) =>
      (await sql<{ n: number }>(url, 'SELECT count(*)::int AS n FROM content_audit'))[0].n;
    const [onReplica, onPrimary] = [await count(replicaUrl), await count(primary.url)];
    expect(onPrimary).toBe(onReplica + 1);
    expect(await countRowsInRange('content_audit', { from: '2000-01-01', to: '2099-12-31' })).toBe(onReplica);
    expect((await getRollupStatus('content_audit')).source?.sourceTarget).toBe('replica-1');
  });

  it('browses from the replica and says so, while writes go to the primary', { timeout: 60_000 }, async () => {
    const { clearSharedCache } = await import('@/lib/monitoring/shared-cache');
    clearSharedCache();
    const { onTableReadTarget, resolveTableReadRoute } = await import('@/lib/tables/read-route');
    const { fetchPage } = await import('@/lib/tables/browse');
    const { query } = await import('@/lib/pg/client');
    const { bool } = await import('@/lib/pg/rows');
    expect((await resolveTableReadRoute()).description).toMatch(
      /^Reads come from replica-1 \(a streaming replica, [\d.]+ s behind; TABLE_READS_FROM\)\. Writes go to the primary\.$/,
    );
    expect(
      await onTableReadTarget(
        async () => (await query(z.object({ standby: bool }), 'SELECT pg_is_in_recovery() AS standby'))[0].standby,
      ),
    ).toBe(true);

    // The row written while replay is paused: not on the replica the browser reads, but on the primary.
    expect((await onTableReadTarget(async () => fetchPage(await auditView('after-pause')))).rows).toHaveLength(0);
    expect((await fetchPage(await auditView('after-pause'))).rows).toHaveLength(1);
    expect((await onTableReadTarget(async () => fetchPage(await auditView('before-pause')))).rows).toHaveLength(1);

    const { applySegmentActive } = await import('@/lib/tables/insights/user-segments');
    await applySegmentActive({ id: null, email: 'routing-test' }, 'seg-a', false);
    expect(
      (await sql<{ active: boolean }>(primary.url, `SELECT active FROM user_segments WHERE segment_id = 'seg-a'`))[0]
        .active,
    ).toBe(false);
    expect(
      (await sql<{ active: boolean }>(replicaUrl, `SELECT active FROM user_segments WHERE segment_id = 'seg-a'`))[0]
        .active,
    ).toBe(true);

    await sql(replicaUrl, 'SELECT pg_wal_replay_resume()');
    await expect
      .poll(async () => (await onTableReadTarget(async () => fetchPage(await auditView('after-pause')))).rows.length, {
        timeout: 10_000,
      })
      .toBe(1);
  });

  it('names the replica when it cannot be reached', { timeout: 60_000 }, async () => {
    await replica.stop();
    const { onTableReadTarget } = await import('@/lib/tables/read-route');
    const { fetchPage } = await import('@/lib/tables/browse');
    const view = await auditView('before-pause');
    await expect(onTableReadTarget(() => fetchPage(view))).rejects.toThrow(
      /^Table reads go to replica-1 \(TABLE_READS_FROM\), which cannot be reached/,
    );
  });
});
