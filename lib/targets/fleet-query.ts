/**
 * The fleet page's view in its URL: ?state=problems&q=db-0&tag=eu&sort=size&dir=desc&page=2. Every parameter is
 * checked; a malformed one falls back to its default and says so, so a pasted or hand-edited link still opens. Pure.
 */
import { FLEET_FILTERS, FLEET_SORTS, type FleetFilter, type FleetQuery, type FleetSort } from './fleet-view';
import { tagProblem } from './target-tags';

type Params = Record<string, string | string[] | undefined>;

export const DEFAULT_FLEET_QUERY: FleetQuery = {
  state: 'all',
  name: null,
  tag: null,
  sort: 'name',
  direction: 'asc',
  page: 1,
};

/** A page number far past any fleet, so a typo of digits is not a huge slice. */
const MAX_PAGE = 10_000;

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

const isOneOf = <T extends string>(values: readonly T[], value: string): value is T =>
  (values as readonly string[]).includes(value);

export interface ParsedFleetQuery {
  query: FleetQuery;
  /** What was wrong with the URL, one sentence each, for the page to show. */
  problems: string[];
}

export function parseFleetQuery(params: Params): ParsedFleetQuery {
  const query = { ...DEFAULT_FLEET_QUERY };
  const problems: string[] = [];
  const state = single(params.state)?.trim();
  if (state) {
    if (isOneOf<FleetFilter>(FLEET_FILTERS, state)) query.state = state;
    else problems.push(`"${state}" is not a state to filter by: use one of ${FLEET_FILTERS.join(', ')}. Showing all.`);
  }
  const name = single(params.q)?.trim().toLowerCase();
  if (name) {
    if (/^[a-z0-9_-]{1,40}$/.test(name)) query.name = name;
    else
      problems.push(
        `No target name contains "${name.slice(0, 40)}": names are lower-case letters, digits, "-" and "_". Showing every name.`,
      );
  }
  const tag = single(params.tag)?.trim();
  if (tag) {
    const problem = tagProblem(tag.slice(0, 40));
    if (problem) problems.push(`${problem}. Showing every tag.`);
    else query.tag = tag;
  }
  const sort = single(params.sort)?.trim();
  if (sort) {
    if (isOneOf<FleetSort>(FLEET_SORTS, sort)) query.sort = sort;
    else problems.push(`"${sort}" is not a column to sort by: use one of ${FLEET_SORTS.join(', ')}. Sorted by name.`);
  }
  const direction = single(params.dir)?.trim();
  if (direction) {
    if (direction === 'asc' || direction === 'desc') query.direction = direction;
    else problems.push(`"${direction}" is not a sort direction: use asc or desc. Sorted ascending.`);
  }
  const page = single(params.page)?.trim();
  if (page) {
    const number = /^\d{1,5}$/.test(page) ? Number(page) : NaN;
    if (number >= 1 && number <= MAX_PAGE) query.page = number;
    else problems.push(`"${page.slice(0, 20)}" is not a page number (1 to ${MAX_PAGE}). Showing page 1.`);
  }
  return { query, problems };
}

/** The URL of the view with `changes`; defaults are left out, so the plain page is `/fleet`. */
export function fleetHref(query: FleetQuery, changes: Partial<FleetQuery> = {}): string {
  const next = { ...query, ...changes };
  const params = new URLSearchParams();
  if (next.state !== DEFAULT_FLEET_QUERY.state) params.set('state', next.state);
  if (next.name) params.set('q', next.name);
  if (next.tag) params.set('tag', next.tag);
  if (next.sort !== DEFAULT_FLEET_QUERY.sort || next.direction !== DEFAULT_FLEET_QUERY.direction) {
    params.set('sort', next.sort);
    params.set('dir', next.direction);
  }
  if (next.page !== 1) params.set('page', String(next.page));
  const search = params.toString();
  return search ? `/fleet?${search}` : '/fleet';
}
