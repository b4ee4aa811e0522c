import { describe, expect, it } from 'vitest';
import type { SearchParams } from '../view-state';
import { insightsRangeSearch, otherSearchParams, parseInsightsRange, type InsightsRange } from './time-range';

const TODAY = '2026-12-02';
const LAST_30: InsightsRange = { preset: '30d', from: '2026-11-03', to: TODAY, days: 30, label: 'last 30 days' };

describe('parseInsightsRange', () => {
  it('shows the last 30 days when no range is given, or only empty fields', () => {
    expect(parseInsightsRange({}, TODAY)).toEqual({ range: LAST_30, error: null });
    expect(parseInsightsRange({ range: '', from: '', to: '' }, TODAY)).toEqual({ range: LAST_30, error: null });
    expect(parseInsightsRange({ tab: 'queue' }, TODAY)).toEqual({ range: LAST_30, error: null });
  });

  it.each([
    ['7d', { preset: '7d', from: '2026-11-26', to: TODAY, days: 7, label: 'last 7 days' }],
    ['30d', LAST_30],
    ['90d', { preset: '90d', from: '2026-09-04', to: TODAY, days: 90, label: 'last 90 days' }],
  ] as const)('range=%s is the N days ending today, today included', (range, expected) => {
    expect(parseInsightsRange({ range }, TODAY)).toEqual({ range: expected, error: null });
  });

  it.each([
    // Across a month end, a year end, and February in leap and common years.
    ['2026-03-01', '7d', '2026-02-23'],
    ['2028-03-01', '7d', '2028-02-24'],
    ['2027-01-05', '7d', '2026-12-30'],
    ['2028-02-29', '30d', '2028-01-31'],
    ['2026-05-31', '90d', '2026-03-03'],
  ] as const)('on %s, range=%s starts on %s', (today, range, from) => {
    expect(parseInsightsRange({ range }, today).range).toMatchObject({ from, to: today });
  });

  it('reads from and to as a range of whole days, both included', () => {
    expect(parseInsightsRange({ from: '2026-11-01', to: '2026-11-15' }, TODAY)).toEqual({
      range: { preset: null, from: '2026-11-01', to: '2026-11-15', days: 15, label: '2026-11-01 to 2026-11-15' },
      error: null,
    });
    expect(parseInsightsRange({ from: '2026-11-10', to: '2026-11-10' }, TODAY).range.days).toBe(1);
    // A range the same length as a preset is still the days it names, and may end after today.
    expect(parseInsightsRange({ from: '2026-11-26', to: TODAY }, TODAY).range.preset).toBeNull();
    expect(parseInsightsRange({ from: '2026-12-01', to: '2026-12-14' }, TODAY).error).toBeNull();
  });

  it.each([
    ['2028-02-28', '2028-03-01', 3],
    ['2027-02-28', '2027-03-01', 2],
    ['2026-01-31', '2026-02-01', 2],
    ['2026-12-31', '2027-01-01', 2],
    ['2000-02-01', '2000-03-01', 30],
    ['1900-02-01', '1900-03-01', 29],
  ])('counts the days from %s to %s as %i (month ends and leap days)', (from, to, days) => {
    expect(parseInsightsRange({ from, to }, TODAY)).toMatchObject({ range: { days }, error: null });
  });

  it.each(['2028-02-29', '2024-02-29', '2000-02-29', '2026-01-31', '2026-04-30', '2026-12-31', '0001-01-01'])(
    'accepts the real date %s',
    (day) => expect(parseInsightsRange({ from: day, to: day }, TODAY).error).toBeNull(),
  );

  it.each([
    [{ from: '2026-13-01', to: '2026-11-10' }, 'from: 2026-13-01 is not a date (YYYY-MM-DD)'],
    [{ from: '2027-02-29', to: '2027-03-10' }, 'from: 2027-02-29 is not a date (YYYY-MM-DD)'],
    [{ from: '1900-02-29', to: '1900-03-10' }, 'from: 1900-02-29 is not a date (YYYY-MM-DD)'],
    [{ from: '2026-11-01', to: '2026-04-31' }, 'to: 2026-04-31 is not a date (YYYY-MM-DD)'],
    [{ from: '2026-11-01', to: '2026-11-00' }, 'to: 2026-11-00 is not a date (YYYY-MM-DD)'],
    [{ from: '0000-01-01', to: '2026-11-10' }, 'from: 0000-01-01 is not a date (YYYY-MM-DD)'],
    [{ from: '2026-11-1', to: '2026-11-10' }, 'from: 2026-11-1 is not a date (YYYY-MM-DD)'],
    [{ from: '01/11/2026', to: '2026-11-10' }, 'from: 01/11/2026 is not a date (YYYY-MM-DD)'],
    [{ from: '2026-11-01T00:00', to: '2026-11-10' }, 'from: 2026-11-01T00:00 is not a date (YYYY-MM-DD)'],
    [{ from: ' 2026-11-01', to: '2026-11-10' }, 'from:  2026-11-01 is not a date (YYYY-MM-DD)'],
    [{ from: '2026-11-20', to: '2026-11-10' }, 'from 2026-11-20 is after to 2026-11-10'],
    [{ range: '5d' }, 'range: 5d is not one of 7d, 30d, 90d'],
    [{ range: '30D' }, 'range: 30D is not one of 7d, 30d, 90d'],
    [{ range: '7' }, 'range: 7 is not one of 7d, 30d, 90d'],
    [{ from: '2026-11-01' }, 'from 2026-11-01 is given without to; give both days (YYYY-MM-DD)'],
    [{ from: '2026-11-01', to: '' }, 'from 2026-11-01 is given without to; give both days (YYYY-MM-DD)'],
    [{ to: '2026-11-10' }, 'to 2026-11-10 is given without from; give both days (YYYY-MM-DD)'],
    [
      { range: '7d', from: '2026-11-01', to: '2026-11-10' },
      'range and from/to are both given; give either range (7d, 30d, 90d) or from and to',
    ],
    [{ range: '7d', to: '2026-11-10' }, 'range and from/to are both given'],
    [
      { from: '2016-11-20', to: '2026-11-30' },
      'from 2016-11-20 to 2026-11-30 spans 3,663 days; at most 3,660 can be shown',
    ],
    [{ range: ['7d', '30d'] }, 'range is given 2 times; give it once'],
    [{ from: ['2026-11-01', '2026-11-02'], to: '2026-11-10' }, 'from is given 2 times; give it once'],
    [{ from: '2026-11-01', to: ['2026-11-10', '2026-11-11', '2026-11-12'] }, 'to is given 3 times; give it once'],
  ] as [SearchParams, string][])('answers %o with the last 30 days and says what is wrong', (params, message) => {
    const { range, error } = parseInsightsRange(params, TODAY);
    expect(range).toEqual(LAST_30);
    expect(error).toContain(message);
  });

  it('allows exactly 3,660 days and refuses 3,661', () => {
    expect(parseInsightsRange({ from: '2016-12-01', to: '2026-12-05' }, TODAY).range.days).toBe(3_657);
    expect(parseInsightsRange({ from: '2016-11-28', to: '2026-12-05' }, TODAY)).toMatchObject({
      range: { days: 3_660 },
      error: null,
    });
    expect(parseInsightsRange({ from: '2016-11-27', to: '2026-12-05' }, TODAY).error).toBe(
      'from 2016-11-27 to 2026-12-05 spans 3,661 days; at most 3,660 can be shown',
    );
  });

  it('reads a parameter given once as a one-item list', () => {
    expect(parseInsightsRange({ range: ['7d'] }, TODAY)).toMatchObject({ range: { preset: '7d' }, error: null });
    expect(parseInsightsRange({ range: ['7d', ''] }, TODAY)).toMatchObject({ range: { preset: '7d' }, error: null });
  });

  it('keeps a long bad value out of the message', () => {
    const { error } = parseInsightsRange({ range: 'x'.repeat(5_000) }, TODAY);
    expect(error).toBe(`range: ${'x'.repeat(40)}… is not one of 7d, 30d, 90d`);
  });

  it.each(['', '2026-02-30', '2026-12-02T00:00:00Z', 'today'])('refuses today = %o (a bug in the caller)', (today) => {
    expect(() => parseInsightsRange({}, today)).toThrow('today must be a date written YYYY-MM-DD');
  });
});

describe('insightsRangeSearch', () => {
  const custom = parseInsightsRange({ from: '2026-11-01', to: '2026-11-15' }, TODAY).range;

  it('writes a preset as range=…, and a from–to range as from=…&to=…', () => {
    expect(insightsRangeSearch(LAST_30)).toBe('range=30d');
    expect(insightsRangeSearch('7d')).toBe('range=7d');
    expect(insightsRangeSearch(custom)).toBe('from=2026-11-01&to=2026-11-15');
  });

  it('keeps the other parameters and replaces only the range ones', () => {
    expect(insightsRangeSearch('90d', { tab: 'queue', range: '7d', f: ['a:eq:1', 'b:eq:2'], x: undefined })).toBe(
      'tab=queue&f=a%3Aeq%3A1&f=b%3Aeq%3A2&range=90d',
    );
    expect(insightsRangeSearch(custom, { range: '5d', from: 'junk', to: ['a', 'b'], tab: 'q' })).toBe(
      'tab=q&from=2026-11-01&to=2026-11-15',
    );
  });

  it.each([{}, { range: '7d' }, { range: '90d' }, { from: '2026-02-28', to: '2028-02-29' }])(
    'round-trips %o through parseInsightsRange',
    (params) => {
      const { range } = parseInsightsRange(params, TODAY);
      const again = parseInsightsRange(Object.fromEntries(new URLSearchParams(insightsRangeSearch(range))), TODAY);
      expect(again).toEqual({ range, error: null });
    },
  );
});

describe('otherSearchParams', () => {
  it('lists every parameter but range, from and to, repeated ones once per value', () => {
    expect(
      otherSearchParams({ range: '7d', from: 'a', to: 'b', tab: 'queue', f: ['x', 'y'], gone: undefined }),
    ).toEqual([
      ['tab', 'queue'],
      ['f', 'x'],
      ['f', 'y'],
    ]);
  });
});
