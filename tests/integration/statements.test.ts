/** pg_stat_statements reports, and the explanation when the extension is missing. */
import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { countSlowStatements, findStatementText, listTopStatements, resetStatementStats } from '@/lib/pg/statements';
import { withClient } from '../support/sql';

describe('statements', () => {
  it('ranks a statement by calls and counts slow statements by mean time', async () => {
    await resetStatementStats();
    await withClient(async (client) => {
      for (let i = 0; i < 25; i++)
        await client.query('SELECT count(*) FROM content_metrics WHERE channel = $1', ['email']);
      await client.query('SELECT pg_sleep(0.3)');
    });
    const byCalls = await listTopStatements('calls');
    const frequent = byCalls.find((s) => s.query.includes('FROM content_metrics WHERE channel = $1'));
    expect(frequent).toMatchObject({ calls: 25, rows: 25 });
    expect(frequent!.cacheHitRatio).not.toBeNull();
    expect(await findStatementText(frequent!.queryId)).toBe(frequent!.query);

    const byMean = await listTopStatements('mean');
    expect(byMean[0].query).toContain('pg_sleep');
    expect(await countSlowStatements(250)).toBe(1);
    expect(await countSlowStatements(10_000)).toBe(0);
  });

  it('explains how to enable pg_stat_statements when it is missing', async () => {
    await withClient((client) => client.query('DROP EXTENSION pg_stat_statements'));
    try {
      const attempt = listTopStatements('total');
      await expect(attempt).rejects.toBeInstanceOf(AppError);
      await expect(attempt).rejects.toMatchObject({ code: 'extension_missing' });
      await expect(listTopStatements('total')).rejects.toThrow(/CREATE EXTENSION pg_stat_statements/);
    } finally {
      await withClient((client) => client.query('CREATE EXTENSION pg_stat_statements'));
    }
  });
});
