/**
 * Several targets of different majors: the test's PostgreSQL 15 ("primary") and a PostgreSQL 17 started here.
 * Stopping the 17 mid-test makes it failing at the next sampling attempt and down at the one after
 * (TARGET_DOWN_AFTER_FAILURES, 2 by default: pg_up 0, the fleet's red row, a pending then firing PostgreSQLDown whose
 * webhook is retried until a local receiver accepts it) while the primary is still reported; restarting it brings
 * both back by themselves. Run once, in the PostgreSQL 15 project.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TargetReading } from '@/lib/alerts/rules';
import { startEmbeddedServer, type EmbeddedServer } from '@/lib/embedded/embedded-server';
import { scrapeMetrics, seriesValue } from '../support/exposition';
import { startReceiver, type Receiver } from '../support/webhook-receiver';

const once = inject('postgresMajor') === 15;

/** The readings of watched servers, without the console process's own (SamplerBehind's). */
const servers = (readings: readonly TargetReading[]) => readings.filter((r) => r.notSampled === undefined);

async function sqlOn<T>(url: string, text: string): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Object.values((await client.query(text)).rows[0])[0] as T;
  } finally {
    await client.end();
  }
}

describe.runIf(once)('a fleet of two majors, one stopped and restarted', () => {
  let dataDir: string;
  let pg17: EmbeddedServer;
  let receiver: Receiver;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'halcytone-fleet-pg17-'));
    pg17 = await startEmbeddedServer({ dataDir, major: 17, notice: () => {} });
    receiver = await startReceiver();
    // Before any console module reads the environment (lib/env.ts caches it).
    process.env.TARGETS = `pg17=${pg17.url}`;
    process.env.ALERT_WEBHOOK_URL = receiver.url;
    process.env.ALERT_WEBHOOK_BACKOFF_MS = '20';
    process.env.SAMPLE_INTERVAL_SECONDS = '1';
  }, 120_000);

  afterAll(async () => {
    await pg17?.stop();
    await receiver?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('samples both, with their own versions and figures equal to SQL on each', { timeout: 60_000 }, async () => {
    const { sampleFleet } = await import('@/lib/sampler/fleet-round');
    const readings = servers((await sampleFleet()).readings);
    expect(readings.map((r) => [r.target, r.up])).toEqual([
      ['primary', true],
      ['pg17', true],
    ]);
    expect(readings[0].sample!.server.version).toMatch(/^15\./);
    expect(readings[1].sample!.server.version).toMatch(/^17\./);

    const exposition = await scrapeMetrics();
    expect(seriesValue(exposition, 'pg_up', 'target="primary"')).toBe(1);
    expect(seriesValue(exposition, 'pg_up', 'target="pg17"')).toBe(1);
    expect(seriesValue(exposition, 'pg_settings_max_connections', 'target="pg17"')).toBe(
      Number(await sqlOn<string>(pg17.url, 'SHOW max_connections')),
    );
    // The 17 is idle: its database size at the sample is its size now.
    expect(seriesValue(exposition, 'pg_database_size_bytes', 'target="pg17",datname="halcytone_prod"')).toBe(
      Number(await sqlOn<string>(pg17.url, 'SELECT pg_database_size(current_database())')),
    );
    expect(seriesValue(exposition, 'pg_is_in_recovery', 'target="pg17"')).toBe(0);
  });

  it(
    'reports the stopped one down at the second failed attempt, keeps reporting the other, and alerts after the for duration',
    { timeout: 60_000 },
    async () => {
      const { sampleFleet } = await import('@/lib/sampler/fleet-round');
      const { listTargetStates } = await import('@/lib/targets/state');
      await pg17.stop();
      const stoppedAt = new Date();
      // One refused attempt is not yet down: failing, still up for the alert rules and Prometheus.
      const first = await sampleFleet(stoppedAt);
      expect(servers(first.readings).map((r) => [r.target, r.up])).toEqual([['primary', true]]);
      expect((await listTargetStates()).get('pg17')).toMatchObject({
        up: true,
        failures: 1,
        error: expect.stringMatching(/cannot be reached|refused/),
      });
      expect(seriesValue(await scrapeMetrics(), 'pg_up', 'target="pg17"')).toBe(1);

      const { readings } = await sampleFleet(new Date(stoppedAt.getTime() + 500));
      expect(servers(readings).map((r) => [r.target, r.up])).toEqual([
        ['primary', true],
        ['pg17', false],
      ]);
      expect((await listTargetStates()).get('pg17')).toMatchObject({ up: false, failures: 2 });

      const exposition = await scrapeMetrics();
      expect(seriesValue(exposition, 'pg_up', 'target="pg17"')).toBe(0);
      expect(seriesValue(exposition, 'pg_up', 'target="primary"')).toBe(1);
      // Like postgres_exporter, a down server has pg_up 0 and none of its last figures.
      expect(exposition.split('\n').filter((line) => line.includes('target="pg17"'))).toEqual([
        'pg_up{target="pg17"} 0',
      ]);

      const { listFleetMembers } = await import('@/lib/targets/fleet');
      const { sortFleetRows, toFleetRow } = await import('@/lib/targets/fleet-view');
      const thresholds = {
        connections: 150,
        slowQueries: 10,
        cacheHitRatio: 0,
        cacheHitMinBlocks: 0,
        replicationLagSeconds: 60,
        sampleIntervalSeconds: 15,
      };
      const rows = sortFleetRows(
        (await listFleetMembers()).map((m) => toFleetRow(m, thresholds, new Date())),
        'name',
        'asc',
      );
      expect(rows.map((row) => [row.name, row.status])).toEqual([
        ['pg17', 'bad'],
        ['primary', rows[1].status],
      ]);
      expect(rows[0].problems.join()).toMatch(/unreachable/);

      const { findOpenEpisodes } = await import('@/lib/alerts/store');
      expect((await findOpenEpisodes()).filter((e) => e.target === 'pg17')).toMatchObject([
        { rule: 'PostgreSQLDown', state: 'pending' },
      ]);
      expect(receiver.received).toEqual([]);

      // A minute later it is still down: the alert fires and the webhook is retried until the receiver takes it.
      const later = await sampleFleet(new Date(stoppedAt.getTime() + 61_000));
      await later.notified;
      expect((await findOpenEpisodes()).filter((e) => e.target === 'pg17')).toMatchObject([
        { rule: 'PostgreSQLDown', state: 'firing' },
      ]);
      expect(receiver.received.map((r) => [r.body.status, r.body.alert, r.body.target, r.answered])).toEqual([
        ['firing', 'PostgreSQLDown', 'pg17', 503],
        ['firing', 'PostgreSQLDown', 'pg17', 200],
      ]);
      const { findRecentAlertEpisodes } = await import('@/lib/alerts/store');
      expect((await findRecentAlertEpisodes()).find((e) => e.target === 'pg17')).toMatchObject({
        state: 'firing',
        severity: 'critical',
        notified: 'firing: delivered after 2 tries',
      });
    },
  );

  it('brings it back by itself when the server returns, and resolves the alert', { timeout: 90_000 }, async () => {
    pg17 = await startEmbeddedServer({ dataDir, major: 17, port: pg17.port, notice: () => {} });
    const { sampleFleet } = await import('@/lib/sampler/fleet-round');
    const round = await sampleFleet(new Date(Date.now() + 120_000));
    await round.notified;
    expect(servers(round.readings).map((r) => [r.target, r.up])).toEqual([
      ['primary', true],
      ['pg17', true],
    ]);
    const { listTargetStates } = await import('@/lib/targets/state');
    expect((await listTargetStates()).get('pg17')).toMatchObject({ up: true, failures: 0, downSince: null });
    const exposition = await scrapeMetrics();
    expect(seriesValue(exposition, 'pg_up', 'target="pg17"')).toBe(1);
    expect(seriesValue(exposition, 'pg_up', 'target="primary"')).toBe(1);
    const { findRecentAlertEpisodes } = await import('@/lib/alerts/store');
    const episode = (await findRecentAlertEpisodes()).find((e) => e.target === 'pg17')!;
    expect(episode).toMatchObject({
      state: 'resolved',
      rule: 'PostgreSQLDown',
      notified: 'resolved: delivered after 2 tries',
    });
    expect(receiver.received.at(-1)!.body).toMatchObject({
      status: 'resolved',
      alert: 'PostgreSQLDown',
      target: 'pg17',
      endsAt: episode.resolvedAt,
    });
  });

  it('a real sampler loop shows a stopped target down within two intervals', { timeout: 60_000 }, async () => {
    const { createSampler } = await import('@/lib/sampler/runner');
    const sampler = createSampler({ intervalMs: 1_000, retentionDays: 14 });
    try {
      await expect
        .poll(async () => seriesValue(await scrapeMetrics(), 'pg_up', 'target="pg17"'), { timeout: 10_000 })
        .toBe(1);
      await pg17.stop();
      const stoppedAt = Date.now();
      await expect
        .poll(async () => seriesValue(await scrapeMetrics(), 'pg_up', 'target="pg17"'), {
          timeout: 10_000,
          interval: 100,
        })
        .toBe(0);
      // Its next attempt within one interval (1 s), the retry half an interval later, then the next batch written.
      expect(Date.now() - stoppedAt).toBeLessThan(3_000);
      expect(seriesValue(await scrapeMetrics(), 'pg_up', 'target="primary"')).toBe(1);
    } finally {
      await sampler.stop();
    }
  });
});
