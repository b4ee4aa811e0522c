/** pg_stat_statements' counters as the workload history reads them: exact calls, text only on request, user names. */
import { describe, expect, it } from 'vitest';
import { findRoleNames, findStatementTexts, readStatementCounters } from '@/lib/pg/statement-counters';
import { sqlValue, withClient } from '../support/sql';

describe('statement counters', () => {
  it('reads every entry of this database with its counters, and texts and names only when asked', async () => {
    await withClient(async (client) => {
      await client.query('SELECT pg_stat_statements_reset()');
      for (let i = 0; i < 11; i++) await client.query('SELECT $1::int + 1 AS counters_probe', [i]);
    });
    const { info, rows } = await readStatementCounters();
    const probe = rows.find((row) => row.calls === 11 && row.rows === 11)!;
    expect(probe).toBeDefined();
    const expected = await sqlValue<string>(
      `SELECT queryid::text FROM pg_stat_statements WHERE query LIKE '%counters_probe%' LIMIT 1`,
    );
    expect(probe.queryId).toBe(expected);
    expect(probe.toplevel).toBe(true);
    expect(info.statsReset).not.toBeNull();
    expect(Math.abs(info.readAt - Date.now() / 1000)).toBeLessThan(60);
    expect((await findStatementTexts([probe.queryId])).get(probe.queryId)).toContain('counters_probe');
    expect(await findStatementTexts([])).toEqual(new Map());
    const user = await sqlValue<string>('SELECT current_user');
    expect((await findRoleNames([probe.userId])).get(probe.userId)).toBe(user);
  });
});
