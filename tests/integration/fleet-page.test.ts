/**
 * The fleet page at a thousand targets, on the real console store: 1,000 console-added targets (sealed connection
 * strings, tags) with states of every kind and a sample each, then the page's read — counts per state, a filter by
 * tag and state, paging — and the "not sampled" state of a target whose round the console missed or that no round
 * reached for ten minutes: grey with its reason, never down. Nothing here needs the targets to answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sample } from '@/lib/sampler/sample';
import { withClient } from '../support/sql';

const SECRET_KEY = 'fleet-page-test-secret-key-0123456789';
const NOW = new Date();
const THRESHOLDS = {
  connections: 150,
  slowQueries: 10,
  cacheHitRatio: 0,
  cacheHitMinBlocks: 0,
  replicationLagSeconds: 60,
  sampleIntervalSeconds: 15,
};

type Kind = 'unknown' | 'down' | 'down-missed' | 'failing' | 'missed' | 'stale' | 'up';

const targets = Array.from({ length: 1_000 }, (_, i) => {
  const kind: Kind =
    i % 50 === 4
      ? 'unknown'
      : i % 100 === 11
        ? 'down-missed'
        : i % 10 === 1
          ? 'down'
          : i % 10 === 2
            ? 'failing'
            : i % 20 === 3
              ? 'missed'
              : i % 20 === 13
                ? 'stale'
                : 'up';
  return {
    name: `fp-${String(i).padStart(4, '0')}`,
    kind,
    tags: [i % 2 === 0 ? 'prod' : 'staging', ...(i % 3 === 0 ? ['eu'] : [])],
  };
});
const ofKind = (...kinds: Kind[]) => targets.filter((target) => kinds.includes(target.kind));

beforeAll(async () => {
  // Before any console module reads the environment (lib/env.ts caches it); other files may have set these.
  delete process.env.TARGETS;
  delete process.env.TARGET_TAGS;
  process.env.TARGETS_SECRET_KEY = SECRET_KEY;
  process.env.SAMPLE_INTERVAL_SECONDS = '15';
  const { sealSecret } = await import('@/lib/targets/secret-box');
  const { takeSample } = await import('@/lib/sampler/sample');
  // A real sample of this server, with nothing in it past a threshold: only the states make rows red or amber.
  const taken = await takeSample();
  const template: Sample = {
    ...taken,
    slowQueries: { count: 0, thresholdMs: 1_000 },
    longRunning: { ...taken.longRunning, count: 0, longestSeconds: null },
    blockedSessions: 0,
    idleInTransaction: 0,
  };
  const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);
  await withClient(async (client) => {
    await client.query('DELETE FROM console.monitored_target');
    await client.query('DELETE FROM console.target_state');
    // The primary's row must be the template's too: an earlier file may have stored a newer sample of it with a
    // figure past a threshold (CI once counted it among the problems).
    await client.query(`DELETE FROM console.metric_sample WHERE target = 'primary' AND taken_at >= $1`, [ago(3)]);
    await client.query(
      `INSERT INTO console.monitored_target (name, encrypted_url, display, created_by, tags)
       SELECT name, sealed, 'monitor@' || name || '.invalid:5432/app', 'test', string_to_array(tags, ',')
       FROM unnest($1::text[], $2::text[], $3::text[]) AS t(name, sealed, tags)`,
      [
        targets.map((t) => t.name),
        targets.map((t) => sealSecret(`postgresql://monitor:pw@${t.name}.invalid:5432/app`, SECRET_KEY, t.name)),
        targets.map((t) => t.tags.join(',')),
      ],
    );
    const stated = [{ name: 'primary', kind: 'up' as Kind }, ...targets].filter((t) => t.kind !== 'unknown');
    const checkedAt = (kind: Kind) => (kind === 'stale' ? ago(600) : kind === 'missed' ? ago(20) : ago(3));
    await client.query(
      `INSERT INTO console.target_state (target, up, checked_at, down_since, error, failures, missed_since)
       SELECT * FROM unnest($1::text[], $2::boolean[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::int[],
                            $7::timestamptz[])`,
      [
        stated.map((t) => t.name),
        stated.map((t) => !t.kind.startsWith('down')),
        stated.map((t) => checkedAt(t.kind)),
        stated.map((t) => (t.kind.startsWith('down') ? ago(300) : null)),
        stated.map((t) => (t.kind.startsWith('down') || t.kind === 'failing' ? 'connection refused' : null)),
        stated.map((t) => (t.kind.startsWith('down') ? 3 : t.kind === 'failing' ? 1 : 0)),
        stated.map((t) => (t.kind === 'missed' || t.kind === 'down-missed' ? ago(10) : null)),
      ],
    );
    await client.query(
      `INSERT INTO console.metric_sample (target, taken_at, snapshot)
       SELECT name, taken_at, jsonb_set($3::jsonb, '{takenAt}', to_jsonb(taken_at_text))
       FROM unnest($1::text[], $2::timestamptz[]) AS t(name, taken_at),
            LATERAL (SELECT to_char(taken_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS taken_at_text) AS x`,
      [stated.map((t) => t.name), stated.map((t) => checkedAt(t.kind)), JSON.stringify(template)],
    );
  });
}, 60_000);

afterAll(async () => {
  await withClient(async (client) => {
    await client.query(`DELETE FROM console.monitored_target WHERE name LIKE 'fp-%'`);
    await client.query(`DELETE FROM console.target_state WHERE target LIKE 'fp-%'`);
    await client.query(`DELETE FROM console.metric_sample WHERE target LIKE 'fp-%'`);
  });
});

async function load(params: Record<string, string> = {}) {
  const { loadFleetPage } = await import('@/lib/targets/fleet-page');
  const { parseFleetQuery } = await import('@/lib/targets/fleet-query');
  const { query, problems } = parseFleetQuery(params);
  expect(problems).toEqual([]);
  return loadFleetPage(query, THRESHOLDS, NOW);
}

describe('the fleet page at a thousand targets', () => {
  it('counts every state of the 1,001 targets and pages them 50 at a time, red rows first', async () => {
    const page = await load();
    expect(page.basis).toBe('store');
    expect(page.total).toBe(1_001);
    const down = ofKind('down', 'down-missed').length;
    const failing = ofKind('failing').length;
    expect(page.counts).toEqual({
      all: 1_001,
      problems: down + failing,
      down,
      failing,
      'not-sampled': ofKind('missed', 'stale').length,
      unknown: ofKind('unknown').length,
      up: ofKind('up').length + 1,
    });
    expect(page.counts).toMatchObject({ down: 100, failing: 100, 'not-sampled': 100, unknown: 20, up: 681 });
    expect(page).toMatchObject({ page: 1, pageCount: 21, matching: 1_001 });
    expect(page.rows).toHaveLength(50);
    expect(new Set(page.rows.map((row) => row.status))).toEqual(new Set(['bad']));
    expect(page.rows[0]).toMatchObject({ name: 'fp-0001', state: 'down', reason: 'connection refused' });
    expect(page.tags).toEqual(['eu', 'prod', 'staging']);
    const last = await load({ page: '21' });
    expect(last.rows).toHaveLength(1);
  });

  it('filters by tag and state together, and by a part of the name', async () => {
    const page = await load({ tag: 'eu', state: 'down' });
    const expected = ofKind('down', 'down-missed')
      .filter((t) => t.tags.includes('eu'))
      .map((t) => t.name);
    expect(expected.length).toBeGreaterThan(0);
    expect(page.rows.map((row) => row.name)).toEqual(expected);
    expect(page.counts.all).toBe(targets.filter((t) => t.tags.includes('eu')).length);
    const named = await load({ q: 'fp-09', state: 'problems', sort: 'name', dir: 'desc' });
    // Red rows first, then amber, each by name descending.
    const ofNine = (...kinds: Kind[]) =>
      ofKind(...kinds)
        .filter((t) => t.name.startsWith('fp-09'))
        .map((t) => t.name)
        .reverse();
    expect(named.rows.map((row) => row.name)).toEqual([...ofNine('down', 'down-missed'), ...ofNine('failing')]);
  });

  it('shows a missed or stale target as not sampled with its reason, never down', async () => {
    const page = await load({ state: 'not-sampled', page: '1' });
    expect(page.matching).toBe(100);
    const missed = page.rows.find((row) => row.name === 'fp-0003')!;
    expect(missed).toMatchObject({ state: 'not-sampled', status: 'unknown', connections: null, problems: [] });
    expect(missed.reason).toMatch(/^Not sampled since .*: the console could not sample it in time since /);
    const stale = page.rows.find((row) => row.name === 'fp-0013')!;
    expect(stale).toMatchObject({ state: 'not-sampled', status: 'unknown' });
    expect(stale.reason).toMatch(/no console process has sampled it since/);
    expect((await load({ state: 'down' })).rows.map((row) => row.name)).not.toContain('fp-0003');

    // A target down on evidence stays down while the console misses its rounds, and says it is not sampled.
    const { getFleetView } = await import('@/lib/targets/fleet');
    const members = (await getFleetView(NOW)).members;
    expect(members.find((member) => member.name === 'fp-0011')).toMatchObject({
      state: 'down',
      up: false,
      notSampledSince: expect.any(String),
    });
    expect(members.find((member) => member.name === 'fp-0003')).toMatchObject({ state: 'not-sampled', up: null });
    expect(members.find((member) => member.name === 'fp-0004')).toMatchObject({ state: 'unknown', up: null });
    expect(members.find((member) => member.name === 'fp-0002')).toMatchObject({
      state: 'failing',
      up: true,
      failures: 1,
    });
  });
});
