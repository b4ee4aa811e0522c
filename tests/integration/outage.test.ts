/**
 * The console through an outage of its own database, for real: a PostgreSQL that is both the watched primary and
 * the console store (the default) is stopped in the middle of a signed-in session and started again. The process's
 * sampler (owning every target here) carries on through the outage, without the store. Meanwhile a signed-in
 * user keeps their role read-only, a disabled one does not, the glance says since when the primary is unreachable
 * with its last figures, the other target is still sampled and exported, PostgreSQLDown goes pending and fires
 * through the webhook after its `for`, and sign-in is refused with a reason. After the restart the sampler writes
 * what it held at its next round, and the round after sees the primary up and resolves the alert; the log has one line
 * for each edge. Run once (PostgreSQL 15 project).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { startEmbeddedServer, type EmbeddedServer } from '@/lib/embedded/embedded-server';
import { hashPassword } from '@/lib/auth/password';
import type { Sampler } from '@/lib/sampler/runner';
import { scrapeMetrics, seriesValue } from '../support/exposition';
import { applyMigrations } from '../support/migrate';
import { startReceiver, type Receiver } from '../support/webhook-receiver';

const once = inject('postgresMajor') === 15;
// The session cookie's id (lib/auth/user-sessions.ts): never revoked here.
const SESSION_ID = '00000000-0000-4000-8000-000000000001';

describe.runIf(once)('an outage of the console database (the primary holds it)', () => {
  let dataDir: string;
  let server: EmbeddedServer;
  let receiver: Receiver;
  let userId: number;
  let disabledId: number;
  let sampler: Sampler;
  let stoppedAt: Date;
  let restartedAt: Date;
  const warnings: string[] = [];
  const session = (id = userId, email = 'oncall@example.com') => ({
    userId: String(id),
    sessionId: SESSION_ID,
    signedInAt: Date.now(),
    role: 'operator',
    user: { email, name: 'On call' },
  });

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
    const hash = await hashPassword('a-long-enough-password');
    [{ id: userId }] = await sql<{ id: number }>(
      `INSERT INTO console.users (email, name, role, password_hash) VALUES ('oncall@example.com', 'On call', 'operator', $1) RETURNING id`,
      [hash],
    );
    [{ id: disabledId }] = await sql<{ id: number }>(
      `INSERT INTO console.users (email, name, role, password_hash, disabled_at) VALUES ('gone@example.com', 'Gone', 'admin', $1, now()) RETURNING id`,
      [hash],
    );
    // Before any console module reads the environment (lib/env.ts caches it): this server is the primary and the
    // store; the suite's own PostgreSQL is a second target that stays up.
    process.env.DATABASE_URL = server.url;
    process.env.TARGETS = `other=${inject('databaseUrl')}`;
    process.env.ALERT_WEBHOOK_URL = receiver.url;
    process.env.ALERT_WEBHOOK_BACKOFF_MS = '20';
    process.env.SAMPLE_INTERVAL_SECONDS = '1';
    vi.spyOn(console, 'warn').mockImplementation((line: string) => void warnings.push(String(line)));
    const { createSampler } = await import('@/lib/sampler/runner');
    const { soleShard } = await import('@/lib/sampler/membership');
    // The process's own sampler (whose memory the pages read), owning every target.
    sampler = createSampler({ retentionDays: 14, autoStart: false, shard: soleShard(1) });
  }, 120_000);

  afterAll(async () => {
    await sampler?.stop();
    vi.restoreAllMocks();
    await server?.stop();
    await receiver?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const outageLines = () => warnings.filter((line) => line.startsWith('Console database'));

  it(
    'keeps a read-only session, the glance, the other target, metrics and alerting while the database is down',
    { timeout: 90_000 },
    async () => {
      const { resolveSessionUser, mayChange } = await import('@/lib/auth/session');
      const { loadGlance } = await import('@/lib/monitoring/glance');
      const { getFleetView } = await import('@/lib/targets/fleet');
      const { getStoreOutage } = await import('@/lib/store/outage');
      const { authorizeCredentials } = await import('@/lib/auth/options');
      const { getAlertHistory } = await import('@/lib/alerts/history');
      const { sampleFleet } = await import('@/lib/sampler/fleet-round');

      await sampler.tick();
      expect(sampler.status()).toMatchObject({ owned: 2, retentionLeader: true, lastError: null });
      expect(await resolveSessionUser(session())).toMatchObject({ id: userId, role: 'operator' });
      expect(await resolveSessionUser(session(disabledId, 'gone@example.com'))).toBeNull();
      const before = await loadGlance('primary');
      expect(before).toMatchObject({ reachable: true, basisNote: null });

      await server.stop();
      stoppedAt = new Date();

      // The sampler carries on without the store; the primary is down at its second failed attempt in a row
      // (TARGET_DOWN_AFTER_FAILURES, 2 by default), not at the first.
      await sampler.tick();
      await sampler.tick();
      expect(sampler.status()).toMatchObject({ owned: 2, lastError: null });
      expect(getStoreOutage()?.since.getTime()).toBeGreaterThanOrEqual(stoppedAt.getTime());

      // The signed-in user keeps the role last read, read-only; a disabled one is still refused.
      const kept = await resolveSessionUser(session());
      expect(kept).toMatchObject({
        id: userId,
        email: 'oncall@example.com',
        role: 'operator',
        fromLastKnownState: true,
      });
      expect(mayChange(kept!, 'operator')).toBe(false);
      expect(mayChange(kept!, 'viewer')).toBe(true);
      expect(await resolveSessionUser(session(disabledId, 'gone@example.com'))).toBeNull();

      const glance = await loadGlance('primary');
      expect(glance).toMatchObject({ reachable: false, sample: null, status: 'bad' });
      expect(Date.parse(glance.unreachableSince!)).toBeGreaterThanOrEqual(stoppedAt.getTime() - 1_000);
      expect(glance.lastKnown?.takenAt).toBe(before.sample?.takenAt);
      expect(glance.basisNote).toMatch(/own sampler/);

      const fleet = await getFleetView();
      expect(fleet.basis).toBe('sampler');
      expect(fleet.members.map((member) => [member.name, member.up])).toEqual([
        ['primary', false],
        ['other', true],
      ]);

      const exposition = await scrapeMetrics();
      expect(seriesValue(exposition, 'pg_up', 'target="primary"')).toBe(0);
      expect(seriesValue(exposition, 'pg_up', 'target="other"')).toBe(1);
      expect(seriesValue(exposition, 'pg_settings_max_connections', 'target="other"')).toBe(200);

      await expect(
        authorizeCredentials({ email: 'oncall@example.com', password: 'a-long-enough-password' }),
      ).rejects.toThrow(/console database has been unreachable since .*nobody can sign in until it answers again/);

      // PostgreSQLDown is pending in memory, then fires after its minute and reaches the webhook.
      const pending = await getAlertHistory();
      expect(pending.current).toBe(false);
      expect(pending.episodes.find((episode) => episode.target === 'primary')).toMatchObject({
        rule: 'PostgreSQLDown',
        state: 'pending',
      });
      const later = await sampleFleet(new Date(Date.now() + 61_000));
      expect(later.written).toBe(false);
      await later.notified;
      expect(receiver.received.map((r) => [r.body.status, r.body.alert, r.body.target])).toEqual([
        ['firing', 'PostgreSQLDown', 'primary'],
      ]);
      expect((await getAlertHistory()).episodes.find((episode) => episode.target === 'primary')).toMatchObject({
        state: 'firing',
        notified: 'firing: delivered after 1 try',
        id: expect.stringMatching(/^unsaved-/),
      });

      // One line when the outage began, however many reads failed since.
      expect(outageLines()).toHaveLength(1);
      expect(outageLines()[0]).toMatch(/^Console database unreachable: .* showing the last known state/);
      expect(outageLines()[0]).not.toContain(new URL(server.url).password);
    },
  );

  it('bounds the last known state: after the grace, or in a process that never read the users, as signed', async () => {
    const { resolveSessionUser } = await import('@/lib/auth/session');
    const { forgetKnownValues } = await import('@/lib/store/last-known');
    const { clearSharedCache } = await import('@/lib/monitoring/shared-cache');
    const { getEnv } = await import('@/lib/env');
    const env = getEnv() as { STORE_OUTAGE_GRACE_MINUTES: number };

    // A process started during the outage has read no users: the role signed into the session, read-only.
    clearSharedCache();
    forgetKnownValues();
    expect(await resolveSessionUser(session())).toMatchObject({
      id: userId,
      role: 'operator',
      fromLastKnownState: true,
    });
    expect(
      await resolveSessionUser({
        userId: String(userId),
        sessionId: SESSION_ID,
        signedInAt: Date.now(),
        user: { email: 'oncall@example.com' },
      }),
    ).toBeNull();

    // Past the grace nobody is signed in until the database answers.
    const grace = env.STORE_OUTAGE_GRACE_MINUTES;
    env.STORE_OUTAGE_GRACE_MINUTES = 0;
    try {
      expect(await resolveSessionUser(session())).toBeNull();
    } finally {
      env.STORE_OUTAGE_GRACE_MINUTES = grace;
    }
  });

  it('after the restart the sampler writes what it held, then resolves the alert', { timeout: 90_000 }, async () => {
    server = await startEmbeddedServer({ dataDir, port: server.port, notice: () => {} });
    restartedAt = new Date();
    const { getStoreOutage } = await import('@/lib/store/outage');
    const { loadGlance } = await import('@/lib/monitoring/glance');
    const { getFleetView } = await import('@/lib/targets/fleet');
    const { clearSharedCache } = await import('@/lib/monitoring/shared-cache');

    // The first round after the restart finds the store again and writes what it held.
    await expect
      .poll(
        async () => {
          await sampler.tick();
          return getStoreOutage();
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBeNull();

    // It wrote what it held: the episode raised during the outage, once, with its delivery, and the other target's
    // samples taken while the database was down (two rounds and the one a minute later).
    const episodes = await sql<{ state: string; notified: string; started_at: Date }>(
      `SELECT state, notified, started_at FROM console.alert_event WHERE rule = 'PostgreSQLDown' AND target = 'primary'`,
    );
    expect(episodes).toHaveLength(1);
    // Firing when written; the same round may already have seen the primary up and resolved it.
    expect(episodes[0].state).toMatch(/^(firing|resolved)$/);
    expect(episodes[0].started_at.getTime()).toBeGreaterThanOrEqual(stoppedAt.getTime());
    expect(episodes[0].started_at.getTime()).toBeLessThan(restartedAt.getTime());
    const [{ count }] = await sql<{ count: number }>(
      `SELECT count(*)::int AS count FROM console.metric_sample WHERE target = 'other' AND taken_at BETWEEN $1 AND $2`,
      [stoppedAt, restartedAt],
    );
    expect(count).toBe(3);

    // A round that sees the primary up resolves the episode and tells the webhook.
    await sampler.tick();
    await expect
      .poll(
        async () =>
          (
            await sql<{ state: string }>(
              `SELECT state FROM console.alert_event WHERE rule = 'PostgreSQLDown' AND target = 'primary'`,
            )
          ).map((row) => row.state),
        {
          timeout: 20_000,
        },
      )
      .toEqual(['resolved']);
    await expect
      .poll(() => receiver.received.map((r) => r.body.status), { timeout: 10_000 })
      .toEqual(['firing', 'resolved']);

    clearSharedCache();
    expect((await getFleetView()).basis).toBe('store');
    expect(await loadGlance('primary')).toMatchObject({ reachable: true, basisNote: null, lastKnown: null });
    expect(outageLines()).toHaveLength(2);
    expect(outageLines()[1]).toMatch(/^Console database reachable again after /);
  });
});
