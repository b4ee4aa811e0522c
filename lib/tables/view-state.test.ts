import { describe, expect, it } from 'vitest';
import { createRandom } from '../seed/random';
import { buildCountQuery, buildPageQuery } from './query-builder';
import { TABLE_NAMES, TABLES } from './registry';
import { TableInputError } from './values';
import { encodeCursor, parseViewState, type SearchParams } from './view-state';

const audit = TABLES.content_audit;

describe('parseViewState', () => {
  it('uses the table default sort and page size', () => {
    const view = parseViewState(audit, {});
    expect(view.sort.column.name).toBe('timestamp');
    expect(view.sort.direction).toBe('desc');
    expect(view.pageSize).toBe(50);
    expect(view.position).toEqual({ kind: 'first' });
  });

  it.each([
    [{ sort: 'password' }, 'content_audit has no column "password" to sort by.'],
    [{ sort: 'metadata' }, 'metadata is JSONB and cannot be sorted.'],
    [{ dir: 'sideways' }, 'The sort direction must be asc or desc.'],
    [{ size: '1000' }, 'The page size must be 50, 100, 500'],
    [{ f: 'content_id:regex:.*' }, '"regex" is not a filter for text column content_id'],
    [{ f: 'timestamp:gte:yesterday' }, 'must be a date and time like 2026-11-26 14:30'],
    [{ f: 'timestamp:gte:2026-02-30' }, 'is not a real date and time'],
    [{ f: 'id:eq:1; DROP TABLE content_audit' }, 'must be a whole number'],
    [{ f: 'id:eq:99999999999' }, 'must be a whole number'],
    [{ f: 'content_id:null' }, 'is never empty (NOT NULL)'],
    [{ f: 'metadata:jsoncontains:{oops' }, 'must be JSON'],
    [{ f: 'metadata:keyeq:novalue' }, 'must look like key=value'],
    [{ f: 'timestamp:last:1y' }, '"last" takes one of 1h, 24h, 7d, 30d'],
    [{ f: 'content_id:eq:a\u0000b' }, 'contains a control character'],
    [{ f: 'content_id:eq:\ud800' }, 'invalid Unicode sequence'],
    [{ after: 'not a cursor!' }, 'The page link is damaged'],
    [{ after: 'a', before: 'b' }, 'Give only one of after, before, at and last.'],
    [{ sort: 'id', at: '2026-01-01' }, '"Jump to time" works when the table is sorted by a timestamp column.'],
    [{ size: ['50', '100'] }, 'appears more than once'],
  ] as [SearchParams, string][])('refuses %o with a message that says what is wrong', (params, message) => {
    expect(() => parseViewState(audit, params)).toThrow(TableInputError);
    expect(() => parseViewState(audit, params)).toThrow(message);
  });

  it('refuses a cursor made for another sort, and a cursor whose values were edited', () => {
    const byTime = parseViewState(audit, {});
    const cursor = encodeCursor(byTime.sort, '2026-01-01 00:00:00.000000', 5);
    expect(parseViewState(audit, { after: cursor }).position).toEqual({
      kind: 'after',
      value: '2026-01-01 00:00:00.000000',
      key: 5,
    });
    expect(() => parseViewState(audit, { sort: 'id', after: cursor })).toThrow('belongs to a different sort order');
    const tampered = Buffer.from(
      JSON.stringify({ s: 'timestamp', d: 'desc', v: "'; DROP TABLE x; --", k: 5 }),
    ).toString('base64url');
    expect(() => parseViewState(audit, { after: tampered })).toThrow('The page link is damaged');
    const wrongKey = Buffer.from(
      JSON.stringify({ s: 'timestamp', d: 'desc', v: '2026-01-01 00:00:00.000000', k: 'x' }),
    ).toString('base64url');
    expect(() => parseViewState(audit, { after: wrongKey })).toThrow('The page link is damaged');
  });
});

describe('buildPageQuery', () => {
  it('binds every value and quotes only registry identifiers', () => {
    const view = parseViewState(audit, { f: ["content_id:eq:x' OR '1'='1", 'metadata:keyeq:a=b'], sort: 'timestamp' });
    const query = buildPageQuery(view);
    expect(query.text).toBe(
      `SELECT "id", "content_id", "operation", "user_id", to_char("timestamp", 'YYYY-MM-DD HH24:MI:SS.US') AS "timestamp", "metadata" FROM "content_audit" WHERE "content_id" = $1 AND "metadata" ->> $2 = $3 ORDER BY "content_audit"."timestamp" DESC, "content_audit"."id" DESC LIMIT $4::int`,
    );
    expect(query.values).toEqual(["x' OR '1'='1", 'a', 'b', 51]);
  });

  it('seeks with a row comparison on NOT NULL sort columns, so the index is used', () => {
    const view = parseViewState(audit, {
      after: encodeCursor({ column: audit.columns[4], direction: 'desc' }, '2026-01-01 00:00:00.000000', 7),
    });
    expect(buildPageQuery(view).text).toContain(
      `WHERE ("timestamp", "id") < ($2::timestamp, $1::int) ORDER BY "content_audit"."timestamp" DESC, "content_audit"."id" DESC`,
    );
  });
});

describe('fuzzing the filter and cursor parsers', () => {
  const random = createRandom(20261126);
  const pieces = [
    'id',
    'content_id',
    'timestamp',
    'metadata',
    'eq',
    'gte',
    'lte',
    'contains',
    'prefix',
    'has',
    'keyeq',
    'jsoncontains',
    'last',
    'null',
    ':',
    '=',
    "'",
    '"',
    ';',
    '--',
    '/*',
    '%',
    '_',
    '\\',
    '{',
    '}',
    '[',
    ']',
    '1',
    '-1',
    '2026-11-26',
    '12:30',
    'DROP TABLE',
    '\u0000',
    '\ud83d\ude00',
    '\ud800',
    '\u202e',
    'é',
    'ß',
    ' ',
    '\n',
    '1e309',
    'NaN',
    'null',
    'true',
    'eyJzIjoidGltZXN0YW1wIn0',
    '7d',
  ];
  const noise = (n: number) => Array.from({ length: n }, () => random.pick(pieces)).join('');

  it('never throws anything but a TableInputError, and every accepted view builds SQL with bound values', () => {
    let accepted = 0;
    for (let i = 0; i < 600; i++) {
      const table = TABLES[random.pick(TABLE_NAMES)];
      const params: SearchParams = {};
      if (random.chance(0.7)) params.f = Array.from({ length: random.int(1, 3) }, () => noise(random.int(1, 6)));
      if (random.chance(0.3)) params.sort = random.chance(0.5) ? random.pick(table.columns).name : noise(2);
      if (random.chance(0.3)) params.dir = random.pick(['asc', 'desc', noise(1)]);
      if (random.chance(0.3)) params.size = random.pick(['50', '100', '500', noise(1)]);
      if (random.chance(0.3)) params[random.pick(['after', 'before', 'at', 'last', 'hide'])] = noise(random.int(1, 8));
      try {
        const view = parseViewState(table, params);
        accepted++;
        const query = buildPageQuery(view);
        expect(query.text).not.toMatch(/DROP TABLE|--|\/\*/);
        expect(buildCountQuery(view).text).not.toMatch(/DROP TABLE/);
      } catch (error) {
        expect(error, JSON.stringify(params)).toBeInstanceOf(TableInputError);
      }
    }
    expect(accepted).toBeGreaterThan(0);
  });

  it('refuses every mutated cursor cleanly', () => {
    const view = parseViewState(audit, {});
    const cursor = encodeCursor(view.sort, '2026-01-01 00:00:00.000000', 5);
    for (let i = 0; i < 300; i++) {
      const chars = cursor.split('');
      chars[random.int(0, chars.length - 1)] = random.pick(['A', 'z', '0', '_', '-', '!', '=', '\u00e9']);
      const mutated = chars.join('');
      try {
        parseViewState(audit, { after: mutated });
      } catch (error) {
        expect(error).toBeInstanceOf(TableInputError);
      }
    }
  });
});
