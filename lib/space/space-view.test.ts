import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, nameCursorSchema, parseSpaceView, spaceHref } from './space-view';

describe('the Space view', () => {
  it('defaults to the 24 h window, the largest tables first and indexes by name', () => {
    expect(parseSpaceView({})).toEqual({
      range: '24h',
      chart: null,
      sort: 'total',
      after: null,
      allAfter: null,
      indexSort: 'name',
      indexAfter: null,
    });
    expect(spaceHref(parseSpaceView({}))).toBe('/space');
  });

  it('round-trips every part through the URL', () => {
    const view = parseSpaceView({});
    const href = spaceHref(view, {
      range: '7d',
      chart: { schema: 'public', table: 'a.b&c' },
      sort: 'rows',
      after: { value: 12, schema: 'public', table: 'x' },
      allAfter: { name: 'orders', namespace: 2200 },
      indexSort: 'size',
      indexAfter: { bytes: 8192, schema: 'public', index: 'orders_pkey' },
    });
    const params = Object.fromEntries(new URL(href, 'http://x').searchParams);
    expect(parseSpaceView(params)).toEqual({
      range: '7d',
      chart: { schema: 'public', table: 'a.b&c' },
      sort: 'rows',
      after: { value: 12, schema: 'public', table: 'x' },
      allAfter: { name: 'orders', namespace: 2200 },
      indexSort: 'size',
      indexAfter: { bytes: 8192, schema: 'public', index: 'orders_pkey' },
    });
  });

  it('starts a list from its first page when its cursor does not parse, and ignores unknown values', () => {
    const view = parseSpaceView({
      range: '3y',
      sort: 'drop table',
      after: 'not-base64-json',
      all: encodeCursor({ name: 'x', namespace: -1 }),
      isort: 'size',
      iafter: encodeCursor({ name: 'x', namespace: 1 }),
    });
    expect(view).toMatchObject({ range: '24h', sort: 'total', after: null, allAfter: null, indexAfter: null });
    expect(decodeCursor(nameCursorSchema, 'x'.repeat(2_000))).toBeNull();
  });
});
