import { describe, expect, it } from 'vitest';
import { DEFAULT_FLEET_QUERY, fleetHref, parseFleetQuery } from './fleet-query';

describe('the fleet view in the URL', () => {
  it('reads every parameter, and leaves defaults out of links', () => {
    const { query, problems } = parseFleetQuery({
      state: 'not-sampled',
      q: ' DB-0 ',
      tag: 'eu',
      sort: 'size',
      dir: 'desc',
      page: '3',
    });
    expect(problems).toEqual([]);
    expect(query).toEqual({ state: 'not-sampled', name: 'db-0', tag: 'eu', sort: 'size', direction: 'desc', page: 3 });
    expect(fleetHref(query)).toBe('/fleet?state=not-sampled&q=db-0&tag=eu&sort=size&dir=desc&page=3');
    expect(fleetHref(query, { page: 1, tag: null })).toBe('/fleet?state=not-sampled&q=db-0&sort=size&dir=desc');
    expect(fleetHref(DEFAULT_FLEET_QUERY)).toBe('/fleet');
    expect(parseFleetQuery({}).query).toEqual(DEFAULT_FLEET_QUERY);
  });

  it('says what is wrong with a malformed parameter and falls back to its default', () => {
    const { query, problems } = parseFleetQuery({
      state: 'sideways',
      q: 'a b',
      tag: 'Prod!',
      sort: 'colour',
      dir: 'up',
      page: '-2',
    });
    expect(query).toEqual(DEFAULT_FLEET_QUERY);
    expect(problems).toEqual([
      '"sideways" is not a state to filter by: use one of all, problems, down, failing, not-sampled, unknown, up. Showing all.',
      'No target name contains "a b": names are lower-case letters, digits, "-" and "_". Showing every name.',
      '"Prod!" is not a tag: use 1–30 lower-case letters, digits, "-" or "_", starting with a letter. Showing every tag.',
      '"colour" is not a column to sort by: use one of name, connections, lag, cache, size, sampled. Sorted by name.',
      '"up" is not a sort direction: use asc or desc. Sorted ascending.',
      '"-2" is not a page number (1 to 10000). Showing page 1.',
    ]);
    expect(parseFleetQuery({ page: '99999' }).problems).toHaveLength(1);
    expect(parseFleetQuery({ page: '1.5' }).problems).toHaveLength(1);
  });

  it('takes the first of a repeated parameter', () => {
    expect(parseFleetQuery({ state: ['down', 'up'] }).query.state).toBe('down');
  });
});
