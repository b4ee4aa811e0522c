/** The demo-data generator fills all six tables with varied, valid data. */
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { parseConnectionString } from '@/lib/config/connection-string';
import { toPgPoolConfig } from '@/lib/config/pg-pool-config';
import { seedDemoData } from '@/lib/seed/seed-demo-data';
import { withClient } from '../support/sql';

describe('seedDemoData', () => {
  it('fills every table with the planned counts and realistic variety', async () => {
    const counts = async () =>
      withClient(async (client) => {
        const { rows } = await client.query<{ t: string; n: number }>(`
          SELECT 'content_audit' AS t, count(*)::int AS n FROM content_audit UNION ALL
          SELECT 'content_metrics', count(*)::int FROM content_metrics UNION ALL
          SELECT 'ab_test_results', count(*)::int FROM ab_test_results UNION ALL
          SELECT 'scheduled_content', count(*)::int FROM scheduled_content UNION ALL
          SELECT 'cache_metadata', count(*)::int FROM cache_metadata UNION ALL
          SELECT 'user_segments', count(*)::int FROM user_segments`);
        return Object.fromEntries(rows.map((r) => [r.t, r.n]));
      });
    const before = await counts();
    const progress: string[] = [];
    const result = await seedDemoData(toPgPoolConfig(parseConnectionString(inject('databaseUrl'))), 20_000, {
      seed: 42,
      onProgress: ({ table, written, total }) => written === total && progress.push(table),
    });
    const after = await counts();
    for (const [table, planned] of Object.entries(result.perTable)) expect(after[table] - before[table]).toBe(planned);
    expect(progress).toHaveLength(6);

    await withClient(async (client) => {
      const statuses = await client.query<{ status: string; failures_with_message: number }>(
        `SELECT status, count(*) FILTER (WHERE error_message IS NOT NULL)::int AS failures_with_message FROM scheduled_content GROUP BY 1 ORDER BY 1`,
      );
      expect(statuses.rows.map((r) => r.status)).toEqual(['cancelled', 'failed', 'pending', 'processing', 'published']);
      expect(statuses.rows.find((r) => r.status === 'failed')?.failures_with_message).toBeGreaterThan(0);

      const channels = await client.query<{ n: number }>(
        `SELECT count(DISTINCT channel)::int AS n FROM content_metrics`,
      );
      expect(channels.rows[0].n).toBeGreaterThanOrEqual(5);

      const variants = await client.query<{ has_control: boolean; variants: number }>(`
        SELECT bool_and(has_control) AS has_control, min(variants)::int AS variants FROM (
          SELECT test_id, bool_or(variant_id = 'control') AS has_control, count(DISTINCT variant_id) AS variants
          FROM ab_test_results GROUP BY test_id) t`);
      expect(variants.rows[0]).toEqual({ has_control: true, variants: 2 });

      const cache = await client.query<{ live: number; expired: number }>(
        `SELECT count(*) FILTER (WHERE expires_at > now())::int AS live, count(*) FILTER (WHERE expires_at <= now())::int AS expired FROM cache_metadata`,
      );
      expect(cache.rows[0].live).toBeGreaterThan(0);
      expect(cache.rows[0].expired).toBeGreaterThan(0);

      const shapes = await client.query<{ n: number }>(
        `SELECT count(DISTINCT (SELECT string_agg(k, ',' ORDER BY k) FROM jsonb_object_keys(metadata) k))::int AS n FROM content_audit WHERE metadata IS NOT NULL`,
      );
      expect(shapes.rows[0].n).toBeGreaterThanOrEqual(4);

      const criteria = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM user_segments WHERE jsonb_typeof(criteria) = 'object'`,
      );
      expect(criteria.rows[0].n).toBe(after.user_segments);
    });
  });

  it('can run twice without key collisions', async () => {
    const config = toPgPoolConfig(parseConnectionString(inject('databaseUrl')));
    await expect(seedDemoData(config, 600, { seed: 1 })).resolves.toMatchObject({ rows: 600 });
    await expect(seedDemoData(config, 600, { seed: 2 })).resolves.toMatchObject({ rows: 600 });
  });
});
