/**
 * The console through an outage of its own database, for real: a PostgreSQL that is both the watched primary and
 * the console store (the default) is stopped in the middle of a signed-in session and started again. Meanwhile the
 * signed-in user keeps their role, the glance says since when the primary is unreachable with its last figures,
 * the other target is still sampled and exported, PostgreSQLDown goes pending and fires through the webhook after
 * its `for`, and sign-in is refused with a reason. After the restart everything is written and normal again by
 * itself: the alert episode and the outage's samples are in the store, the log has one line for each edge.
 * Run once (PostgreSQL 15 project).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { startEmbeddedServer, type EmbeddedServer } from '@/lib/embedded/embedded-server';
import { hashPassword } from '@/lib/auth/password';
import { scrapeMetrics, seriesValue } from '../support/exposition';
import { applyMigrations } from '../support/migrate';
import { startReceiver, type Receiver } from '../support/webhook-receiver';

const once = inject('postgresMajor') === 15;

describe.runIf(once)('an outage of the console database (the primary holds it)', () => {
  let dataDir: string;
  let server: EmbeddedServer;
  let receiver: Receiver;
  let userId: number;
  const warnings: string[] = [];
  const session = () => ({ userId: String(userId), role: 'operator', user: { email: 'oncall@example.com', name: 'On call' } });

  async function sql<T>(text: string, values: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      return (await client.query(text, values)).rows as T[];
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'halcytone-outage-'));
    server = await startEmbeddedServer({ dataDir, notice: () => {} });
    applyMigrations(server.url);
    receiver = await startReceiver({ refuseFirstTry: false });
    const [user] = await sql<{ id: number }>(`INSERT INTO console.users (email, name, role, password_hash) VALUES ('oncall@example.com', 'On call', 'operator', $1) RETURNING id`, [
      await hashPassword('a-long-enough-password'),
    ]);
    userId = user.id;
    // Before any console module reads the environment (lib/env.ts caches it): this server is the primary and the
    // store; the suite's own PostgreSQL is a second target that stays up.
    process.env.DATABASE_URL = server.url;
    process.env.TARGETS = `other=${inject('databaseUrl')}`;
    process.env.ALERT_WEBHOOK_URL = receiver.url;
    process.env.ALERT_WEBHOOK_BACKOFF_MS = '20';
    process.env.SAMPLE_INTERVAL_SECONDS = '1';
    vi.spyOn(console, 'warn').mockImplementation((line: string) => void warnings.push(String(line)));
  }, 120_000);

  afterAll(async () => {
    vi.restoreAllMocks();
    await server?.stop();
    await receiver?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const outageLines = () => warnings.filter((line) => line.startsWith('Console database'));

  it('keeps the session, the glance, the other target, metrics and alerting while the database is down', { timeout: 90_000 }, async () => {
    const { createSampler } = await import('@/lib/sampler/runner');
    const { resolveSessionUser } = await import('@/lib/auth/session');
    const { getGlance } = await import('@/lib/monitoring/glance');
    const { readFleetView } = await import('@/lib/targets/fleet');
    const { getStoreOutage } = await import('@/lib/store/outage');
    const { authorizeCredentials } = await import('@/lib/auth/options');
    const { readAlertHistory } = await import('@/lib/alerts/history');
    const { sampleFleet } = await import('@/lib/sampler/fleet-round');

    const sampler = createSampler({ intervalMs: 1_000, retentionDays: 14, autoStart: false });
    await sampler.tick();
    expect(sampler.status()).toMatchObject({ isLeader: true, lastError: null });
    expect(await resolveSessionUser(session())).toMatchObject({ id: userId, role: 'operator' });
    const before = await getGlance('primary');
    expect(before).toMatchObject({ reachable: true, basisNote: null });

    await server.stop();
    const stoppedAt = Date.now();

    // The sampler carries on without the lock it can no longer check: the primary is down, the other target up.
    await sampler.tick();
    expect(sampler.status()).toMatchObject({ isLeader: true, leadsThroughOutage: true, lastError: null });
    const outage = getStoreOutage();
    expect(outage?.since.getTime()).toBeGreaterThanOrEqual(stoppedAt);

    // The signed-in user keeps the role the console last read.
    expect(await resolveSessionUser(session())).toMatchObject({ id: userId, email: 'oncall@example.com', role: 'operator' });

    const glance = await getGlance('primary');
    expect(glance).toMatchObject({ reachable: false, sample: null, status: 'bad' });
    expect(Date.parse(glance.unreachableSince!)).toBeGreaterThanOrEqual(stoppedAt - 1_000);
    expect(glance.lastKnown?.takenAt).toBe(before.sample?.takenAt);
    expect(glance.basisNote).toMatch(/own sampler/);

    const fleet = await readFleetView();
    expect(fleet.basis).toBe('sampler');
    expect(fleet.members.map((member) => [member.name, member.up])).toEqual([
      ['primary', false],
      ['other', true],
    ]);

    const exposition = await scrapeMetrics();
    expect(seriesValue(exposition, 'pg_up', 'target="primary"')).toBe(0);
    expect(seriesValue(exposition, 'pg_up', 'target="other"')).toBe(1);
    expect(seriesValue(exposition, 'pg_settings_max_connections', 'target="other"')).toBe(200);

    await expect(authorizeCredentials({ email: 'oncall@example.com', password: 'a-long-enough-password' })).rejects.toThrow(
      /console database has been unreachable since .*nobody can sign in until it answers again/,
    );

    // PostgreSQLDown is pending in memory, then fires after its minute and reaches the webhook.
    const pending = await readAlertHistory();
    expect(pending.current).toBe(false);
    expect(pending.episodes.find((episode) => episode.target === 'primary')).toMatchObject({ rule: 'PostgreSQLDown', state: 'pending' });
    const later = await sampleFleet(new Date(Date.now() + 61_000));
    expect(later.written).toBe(false);
    await later.notified;
    expect(receiver.received.map((r) => [r.body.status, r.body.alert, r.body.target])).toEqual([['firing', 'PostgreSQLDown', 'primary']]);
    expect((await readAlertHistory()).episodes.find((episode) => episode.target === 'primary')).toMatchObject({
      state: 'firing',
      notified: 'firing: delivered after 1 try',
      id: expect.stringMatching(/^unsaved-/),
    });

    // One line when the outage began, however many reads failed since.
    expect(outageLines()).toHaveLength(1);
    expect(outageLines()[0]).toMatch(/^Console database unreachable: .* showing the last known state/);
    expect(outageLines()[0]).not.toContain(new URL(server.url).password);
    await sampler.stop();
  });

  it('recovers by itself when the database is back: the outage is written, the alert resolves, one more log line', { timeout: 90_000 }, async () => {
    server = await startEmbeddedServer({ dataDir, port: server.port, notice: () => {} });
    const { createSampler } = await import('@/lib/sampler/runner');
    const { getStoreOutage } = await import('@/lib/store/outage');
    const { getGlance } = await import('@/lib/monitoring/glance');
    const { readFleetView } = await import('@/lib/targets/fleet');
    const { readAlertHistory } = await import('@/lib/alerts/history');

    const sampler = createSampler({ intervalMs: 1_000, retentionDays: 14, autoStart: false });
    try {
      await expect
        .poll(
          async () => {
            await sampler.tick();
            return sampler.status().leadsThroughOutage === false && getStoreOutage() === null;
          },
          { timeout: 20_000, interval: 500 },
        )
        .toBe(true);
      expect(sampler.status()).toMatchObject({ isLeader: true, lastError: null });

      // What the sampler held back is in the store now: the firing episode with its delivery, and the other
      // target's samples taken while the store was down.
      const [episode] = await sql<{ state: string; notified: string; fired_at: Date }>(
        `SELECT state, notified, fired_at FROM console.alert_event WHERE rule = 'PostgreSQLDown' AND target = 'primary' ORDER BY id`,
      );
      expect(episode).toMatchObject({ notified: expect.stringMatching(/^(firing|resolved): delivered/) });
      const [{ count }] = await sql<{ count: string }>(`SELECT count(*) FROM console.metric_sample WHERE target = 'other'`);
      expect(Number(count)).toBeGreaterThanOrEqual(3);

      // The next round sees the primary up: the alert resolves and the webhook is told.
      await expect
        .poll(async () => (await readAlertHistory()).episodes.find((e) => e.target === 'primary' && e.rule === 'PostgreSQLDown')?.state, { timeout: 20_000 })
        .toBe('resolved');
      await expect.poll(() => receiver.received.map((r) => r.body.status), { timeout: 10_000 }).toEqual(['firing', 'resolved']);

      const { clearSharedCache } = await import('@/lib/monitoring/shared-cache');
      clearSharedCache();
      expect((await readFleetView()).basis).toBe('store');
      expect(await getGlance('primary')).toMatchObject({ reachable: true, basisNote: null, lastKnown: null });
      expect(outageLines()).toHaveLength(2);
      expect(outageLines()[1]).toMatch(/^Console database reachable again after /);
    } finally {
      await sampler.stop();
    }
  });
});
