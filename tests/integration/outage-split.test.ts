/**
 * With CONSOLE_DATABASE_URL the console keeps its own data apart from the primary it watches: stopping the primary
 * then leaves the console fully working — sessions from the console database, the sampler's lock there, the
 * PostgreSQLDown episode recorded as it goes pending and fires (with its webhook delivery), the outage's samples
 * in the history — and the primary's own migrations never touched the console database. Run once (PostgreSQL 15).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startEmbeddedServer, type EmbeddedServer } from '@/lib/embedded/embedded-server';
import { hashPassword } from '@/lib/auth/password';
import { applyMigrations } from '../support/migrate';
import { startReceiver, type Receiver } from '../support/webhook-receiver';

const once = inject('postgresMajor') === 15;
const STORE_DATABASE = 'split_console_store';

async function rowsOn<T>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

describe.runIf(once)('a separate console database while the watched primary is down', () => {
  let dataDir: string;
  let primary: EmbeddedServer;
  let storeUrl: string;
  let receiver: Receiver;
  let userId: number;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'halcytone-split-'));
    primary = await startEmbeddedServer({ dataDir, notice: () => {} });
    const suiteUrl = inject('databaseUrl');
    await rowsOn(suiteUrl, `DROP DATABASE IF EXISTS ${STORE_DATABASE}`);
    await rowsOn(suiteUrl, `CREATE DATABASE ${STORE_DATABASE}`);
    const url = new URL(suiteUrl);
    url.pathname = `/${STORE_DATABASE}`;
    storeUrl = url.toString();
    applyMigrations(primary.url, storeUrl);
    receiver = await startReceiver({ refuseFirstTry: false });
    [{ id: userId }] = await rowsOn<{ id: number }>(
      storeUrl,
      `INSERT INTO console.users (email, name, role, password_hash) VALUES ('dba@example.com', 'DBA', 'admin', $1) RETURNING id`,
      [await hashPassword('a-long-enough-password')],
    );
    process.env.DATABASE_URL = primary.url;
    process.env.CONSOLE_DATABASE_URL = storeUrl;
    process.env.TARGETS = '';
    process.env.ALERT_WEBHOOK_URL = receiver.url;
    process.env.SAMPLE_INTERVAL_SECONDS = '1';
  }, 120_000);

  afterAll(async () => {
    await primary?.stop();
    await receiver?.close();
    await rowsOn(inject('databaseUrl'), `DROP DATABASE IF EXISTS ${STORE_DATABASE} WITH (FORCE)`);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('puts each history in its own database', async () => {
    const tablesIn = async (url: string) =>
      (
        await rowsOn<{ name: string }>(
          url,
          `SELECT schemaname || '.' || tablename AS name FROM pg_tables WHERE schemaname IN ('public', 'console') ORDER BY 1`,
        )
      ).map((row) => row.name);
    expect(await tablesIn(primary.url)).toEqual(
      expect.arrayContaining(['public.content_audit', 'public.user_segments']),
    );
    expect((await tablesIn(primary.url)).filter((name) => name.startsWith('console.'))).toEqual([]);
    expect(await tablesIn(storeUrl)).toEqual(
      expect.arrayContaining(['console.users', 'console.alert_event', 'console.metric_sample']),
    );
    expect(
      (await tablesIn(storeUrl)).filter((name) => name.startsWith('public.') && name !== 'public._prisma_migrations'),
    ).toEqual([]);
  });

  it('writes an operator change to the primary and its audit entry to the console database', async () => {
    const { applySegmentActive } = await import('@/lib/tables/insights/user-segments');
    await rowsOn(
      primary.url,
      `INSERT INTO user_segments (segment_id, segment_name, criteria, active) VALUES ('split-seg', 'Split', '{}', true)`,
    );
    await applySegmentActive({ id: userId, email: 'dba@example.com' }, 'split-seg', false);
    expect(await rowsOn(primary.url, `SELECT active FROM user_segments WHERE segment_id = 'split-seg'`)).toEqual([
      { active: false },
    ]);
    expect(
      await rowsOn(
        storeUrl,
        `SELECT actor_email, before, after FROM console.audit_event WHERE target = 'user_segments:split-seg'`,
      ),
    ).toEqual([{ actor_email: 'dba@example.com', before: { active: true }, after: { active: false } }]);
  });

  it(
    'keeps sessions, samples, alerts and their history while the primary is stopped, and recovers',
    { timeout: 90_000 },
    async () => {
      const { createSampler } = await import('@/lib/sampler/runner');
      const { resolveSessionUser } = await import('@/lib/auth/session');
      const { loadGlance } = await import('@/lib/monitoring/glance');
      const { getStoreOutage } = await import('@/lib/store/outage');
      const { sampleFleet } = await import('@/lib/sampler/fleet-round');
      const { findRecentAlertEpisodes } = await import('@/lib/alerts/store');
      const session = {
        userId: String(userId),
        sessionId: '00000000-0000-4000-8000-000000000002',
        signedInAt: Date.now(),
        role: 'admin',
        user: { email: 'dba@example.com' },
      };

      const sampler = createSampler({ intervalMs: 1_000, retentionDays: 14, autoStart: false });
      try {
        await sampler.tick();
        const before = await loadGlance('primary');
        expect(before.reachable).toBe(true);

        await primary.stop();
        const stoppedAt = Date.now();
        // Down at the second failed attempt in a row (TARGET_DOWN_AFTER_FAILURES, 2 by default).
        expect((await sampleFleet()).readings.filter((r) => r.target === 'primary')).toEqual([]);
        const round = await sampleFleet();
        expect(round.written).toBe(true);
        expect(round.readings.filter((r) => r.target === 'primary')).toMatchObject([{ up: false }]);
        await sampler.tick();
        expect(sampler.status()).toMatchObject({ retentionLeader: true, lastError: null });
        expect(getStoreOutage()).toBeNull();
        expect(await resolveSessionUser(session)).toMatchObject({ id: userId, role: 'admin' });

        const { clearSharedCache } = await import('@/lib/monitoring/shared-cache');
        clearSharedCache();
        const glance = await loadGlance('primary');
        expect(glance).toMatchObject({ reachable: false, basisNote: null, sample: null });
        expect(Date.parse(glance.unreachableSince!)).toBeGreaterThanOrEqual(stoppedAt - 1_000);
        expect(glance.lastKnown?.takenAt).toBe(before.sample?.takenAt);

        // Recorded as it happens: pending now, firing (and delivered) after its minute.
        expect((await findRecentAlertEpisodes()).find((episode) => episode.target === 'primary')).toMatchObject({
          rule: 'PostgreSQLDown',
          state: 'pending',
        });
        const later = await sampleFleet(new Date(Date.now() + 61_000));
        await later.notified;
        expect((await findRecentAlertEpisodes()).find((episode) => episode.target === 'primary')).toMatchObject({
          state: 'firing',
          notified: 'firing: delivered after 1 try',
        });
        const [{ down }] = await rowsOn<{ down: boolean }>(
          storeUrl,
          `SELECT NOT up AS down FROM console.target_state WHERE target = 'primary'`,
        );
        expect(down).toBe(true);

        primary = await startEmbeddedServer({ dataDir, port: primary.port, notice: () => {} });
        const back = await sampleFleet(new Date(Date.now() + 62_000));
        await back.notified;
        expect(back.readings.filter((r) => r.target === 'primary')).toMatchObject([{ up: true }]);
        expect((await findRecentAlertEpisodes()).find((episode) => episode.target === 'primary')).toMatchObject({
          state: 'resolved',
          notified: 'resolved: delivered after 1 try',
        });
        expect(receiver.received.map((r) => r.body.status)).toEqual(['firing', 'resolved']);
      } finally {
        await sampler.stop();
      }
    },
  );
});
