/** EXPLAIN of recorded statements: generic plans for normalized text, ANALYZE rolled back, timeouts enforced. */
import { describe, expect, it } from 'vitest';
import { explainStatement } from '@/lib/pg/explain';
import { sqlValue } from '../support/sql';

describe('explainStatement', () => {
  it('plans a normalized statement with placeholders as a generic plan using the index', async () => {
    const result = await explainStatement('SELECT * FROM content_audit WHERE content_id = $1', { analyze: false, timeoutMs: 5_000 });
    expect(result).toMatchObject({ generic: true, analyzed: false, executionMs: null });
    const nodes = JSON.stringify(result.plan);
    expect(nodes).toContain('idx_content_audit_content_id');
  });

  it('EXPLAIN ANALYZE measures the statement inside a rolled-back transaction', async () => {
    const before = await sqlValue<number>('SELECT count(*)::int FROM user_segments');
    const result = await explainStatement(
      `INSERT INTO user_segments (segment_id, segment_name, criteria) VALUES ('explain-probe', 'probe', '{}')`,
      { analyze: true, timeoutMs: 5_000 },
    );
    expect(result.analyzed).toBe(true);
    expect(result.executionMs).toBeGreaterThanOrEqual(0);
    expect(result.plan.nodeType).toBe('ModifyTable');
    expect(result.plan.actualRows).toBe(0);
    expect(await sqlValue<number>('SELECT count(*)::int FROM user_segments')).toBe(before);
  });

  it('stops an EXPLAIN ANALYZE at the statement timeout', async () => {
    await expect(explainStatement('SELECT pg_sleep(3)', { analyze: true, timeoutMs: 300 })).rejects.toMatchObject({ code: 'query_timeout' });
  });

  it('refuses ANALYZE of a statement with placeholders, several statements and utility commands', async () => {
    await expect(explainStatement('SELECT * FROM content_audit WHERE id = $1', { analyze: true, timeoutMs: 5_000 })).rejects.toThrow('needs real values');
    await expect(explainStatement('SELECT 1; DROP TABLE content_audit', { analyze: false, timeoutMs: 5_000 })).rejects.toThrow('one statement only');
    await expect(explainStatement('VACUUM content_audit', { analyze: false, timeoutMs: 5_000 })).rejects.toThrow('can be explained');
  });

  it('leaves no prepared statement behind, even after a failure', async () => {
    await expect(explainStatement('SELECT * FROM no_such_table WHERE id = $1', { analyze: false, timeoutMs: 5_000 })).rejects.toThrow(/no_such_table/);
    const again = await explainStatement('SELECT * FROM content_audit WHERE id = $1', { analyze: false, timeoutMs: 5_000 });
    expect(again.plan.nodeType).toMatch(/Index Scan/);
  });
});
