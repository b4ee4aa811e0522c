/**
 * The table browser against real data: walking every page (both directions, ties and NULLs in the sort column)
 * returns each row exactly once in SQL's order; each filter returns what the equivalent SQL returns; counts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { countRows, countMatchingRows, fetchPage, streamRows, type Row } from '@/lib/tables/browse';
import { TABLES } from '@/lib/tables/registry';
import { parseViewState, type SearchParams, type ViewState } from '@/lib/tables/view-state';
import { withClient } from '../support/sql';

const table = TABLES.content_metrics;
const WALK_ROWS = 233;

beforeAll(async () => {
  await withClient(async (client) => {
    await client.query(
      `INSERT INTO content_metrics (content_id, channel, generation_time_ms, ai_tokens_used, quality_score, created_at, metadata)
       SELECT 'walk-' || i,
              (ARRAY['email','web','social'])[1 + i % 3],
              CASE WHEN i % 7 = 0 THEN NULL ELSE (i % 11) * 100 END,
              i,
              ((i % 100) / 100.0)::numeric(3,2),
              timestamp '2026-01-01 00:00:00' + (i % 40) * interval '1 minute' + (i % 3) * interval '1 microsecond',
              CASE WHEN i % 2 = 0 THEN jsonb_build_object('model', 'gpt-4o', 'n', i) ELSE jsonb_build_object('template', 'tpl-' || (i % 5)) END
       FROM generate_series(1, $1::int) AS i`,
      [WALK_ROWS],
    );
  });
});

const view = (params: SearchParams) => parseViewState(table, { size: '50', f: 'content_id:prefix:walk-', ...params });

async function walk(start: ViewState, direction: 'forward' | 'backward'): Promise<Row[]> {
  const seen: Row[] = [];
  let current = start;
  for (let guard = 0; guard < 100; guard++) {
    const page = await fetchPage(current);
    if (direction === 'forward') seen.push(...page.rows);
    else seen.unshift(...page.rows);
    const cursor = direction === 'forward' ? page.nextCursor : page.previousCursor;
    if (!cursor) return seen;
    current = view({
      sort: start.sort.column.name,
      dir: start.sort.direction,
      [direction === 'forward' ? 'after' : 'before']: cursor,
    });
  }
  throw new Error('walk did not end');
}

async function sqlOrder(orderBy: string): Promise<number[]> {
  return withClient(async (client) =>
    (
      await client.query<{ id: number }>(
        `SELECT id FROM content_metrics WHERE content_id LIKE 'walk-%' ORDER BY ${orderBy}`,
      )
    ).rows.map((r) => r.id),
  );
}

describe('keyset pagination', () => {
  const cases: [string, 'asc' | 'desc', string][] = [
    ['channel', 'asc', 'channel ASC, id ASC'],
    ['created_at', 'desc', 'created_at DESC, id DESC'],
    ['generation_time_ms', 'desc', 'generation_time_ms DESC NULLS LAST, id DESC'],
    ['generation_time_ms', 'asc', 'generation_time_ms ASC NULLS LAST, id ASC'],
    ['quality_score', 'asc', 'quality_score ASC NULLS LAST, id ASC'],
  ];

  for (const [column, dir, orderBy] of cases) {
    it(`walks every page by ${column} ${dir}, forwards and backwards, each row once in order`, async () => {
      const expected = await sqlOrder(orderBy);
      expect(expected).toHaveLength(WALK_ROWS);
      const forward = await walk(view({ sort: column, dir }), 'forward');
      expect(forward.map((r) => r.id)).toEqual(expected);
      const backward = await walk(view({ sort: column, dir, last: '1' }), 'backward');
      expect(backward.map((r) => r.id)).toEqual(expected);
    });
  }

  it('first, last and jump-to-time land where SQL says', async () => {
    const expected = await sqlOrder('created_at DESC, id DESC');
    const first = await fetchPage(view({ sort: 'created_at', dir: 'desc' }));
    expect(first.rows.map((r) => r.id)).toEqual(expected.slice(0, 50));
    expect(first.hasPrevious).toBe(false);
    const last = await fetchPage(view({ sort: 'created_at', dir: 'desc', last: '1' }));
    expect(last.rows.map((r) => r.id)).toEqual(expected.slice(-50));
    expect(last.hasNext).toBe(false);
    const at = await fetchPage(view({ sort: 'created_at', dir: 'desc', at: '2026-01-01 00:20' }));
    const fromSql = await withClient(async (c) =>
      (
        await c.query<{ id: number }>(
          `SELECT id FROM content_metrics WHERE content_id LIKE 'walk-%' AND created_at <= '2026-01-01 00:20' ORDER BY created_at DESC, id DESC LIMIT 50`,
        )
      ).rows.map((r) => r.id),
    );
    expect(at.rows.map((r) => r.id)).toEqual(fromSql);
    expect(at.hasPrevious).toBe(true);
  });

  it('exports the whole filtered view in batches, in order', async () => {
    const rows: Row[] = [];
    for await (const batch of streamRows(view({ sort: 'channel', dir: 'asc' }), 40)) rows.push(...batch);
    expect(rows.map((r) => r.id)).toEqual(await sqlOrder('channel ASC, id ASC'));
  });
});

describe('filters return exactly what the equivalent SQL returns', () => {
  const cases: [string, string | string[], string, unknown[]][] = [
    ['text equals', 'channel:eq:web', `channel = $1`, ['web']],
    ['text contains (case-insensitive)', 'content_id:contains:K-1', `content_id ILIKE $1`, ['%k-1%']],
    ['text starts with', 'content_id:prefix:walk-2', `content_id LIKE $1`, ['walk-2%']],
    ['integer range', ['ai_tokens_used:gte:10', 'ai_tokens_used:lte:20'], `ai_tokens_used BETWEEN $1 AND $2`, [10, 20]],
    [
      'decimal range',
      ['quality_score:gte:0.25', 'quality_score:lte:0.5'],
      `quality_score BETWEEN $1 AND $2`,
      ['0.25', '0.5'],
    ],
    [
      'timestamp range',
      ['created_at:gte:2026-01-01 00:10', 'created_at:lte:2026-01-01 00:15:00.000001'],
      `created_at BETWEEN $1 AND $2`,
      ['2026-01-01 00:10', '2026-01-01 00:15:00.000001'],
    ],
    ['is empty', 'generation_time_ms:null', `generation_time_ms IS NULL`, []],
    ['JSONB key exists', 'metadata:has:template', `metadata ? $1`, ['template']],
    ['JSONB key equals value', 'metadata:keyeq:template=tpl-3', `metadata ->> 'template' = $1`, ['tpl-3']],
    ['JSONB contains', 'metadata:jsoncontains:{"model":"gpt-4o"}', `metadata @> $1::jsonb`, ['{"model":"gpt-4o"}']],
  ];
  for (const [name, filter, where, values] of cases) {
    it(name, async () => {
      const filters = ['content_id:prefix:walk-', ...(Array.isArray(filter) ? filter : [filter])];
      const page = await fetchPage(parseViewState(table, { size: '500', sort: 'id', dir: 'asc', f: filters }));
      const expected = await withClient(async (c) =>
        (
          await c.query<{ id: number }>(
            `SELECT id FROM content_metrics WHERE content_id LIKE 'walk-%' AND ${where} ORDER BY id`,
            values,
          )
        ).rows.map((r) => r.id),
      );
      expect(expected.length).toBeGreaterThan(0);
      expect(page.rows.map((r) => r.id)).toEqual(expected);
      expect(await countRows(parseViewState(table, { f: filters }))).toEqual({ count: expected.length, exact: true });
    });
  }

  it('matches LIKE wildcards in the input literally', async () => {
    const page = await fetchPage(parseViewState(table, { f: ['content_id:contains:%', 'content_id:prefix:walk-'] }));
    expect(page.rows).toEqual([]);
  });
});

describe('counts', () => {
  it('counts exactly on demand', async () => {
    const exact = await countMatchingRows(parseViewState(table, {}), 10_000);
    const fromSql = await withClient(async (c) =>
      Number((await c.query('SELECT count(*) AS n FROM content_metrics')).rows[0].n),
    );
    expect(exact).toBe(fromSql);
  });
});
