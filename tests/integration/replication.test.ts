/**
 * Replication as lib/pg/replication.ts reports it on the test server, a primary without replicas: equal to
 * pg_stat_replication and pg_is_in_recovery(). A streaming replica is made for real in replica-routing.test.ts
 * and backed by the checklist's replicas test (checklist-components.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { getRecoveryStatus, getReplicationSummary, listReplicas } from '@/lib/pg/replication';
import { sqlValue } from '../support/sql';

describe('replication on a primary', () => {
  it('lists the replicas pg_stat_replication shows: none here', async () => {
    expect((await listReplicas()).length).toBe(await sqlValue<number>('SELECT count(*)::int FROM pg_stat_replication'));
  });

  it('summarises the replicas for the sampler as pg_stat_replication does: none, so no lag', async () => {
    expect(await getReplicationSummary()).toEqual({
      replicas: await sqlValue<number>('SELECT count(*)::int FROM pg_stat_replication'),
      maxLagSeconds: null,
    });
  });

  it('is not in recovery, and so has no lag', async () => {
    expect(await getRecoveryStatus()).toEqual({
      inRecovery: await sqlValue<boolean>('SELECT pg_is_in_recovery()'),
      lagSeconds: null,
    });
  });
});
