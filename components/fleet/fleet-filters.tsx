import Form from 'next/form';
import Link from 'next/link';
import { formatCount } from '@/lib/format';
import { fleetHref } from '@/lib/targets/fleet-query';
import type { FleetCounts, FleetFilter, FleetQuery } from '@/lib/targets/fleet-view';

const FILTER_LABEL: Record<FleetFilter, string> = {
  all: 'All',
  problems: 'Problems',
  down: 'Down',
  failing: 'Failing',
  'not-sampled': 'Not sampled',
  unknown: 'Not known',
  up: 'Up',
};

/**
 * The counts per state, each a link to that filter, and the name and tag filters: a plain GET form, so the view
 * stays in the URL (bookmarkable, and the browser's Back returns to the previous one).
 */
export function FleetFilters({ query, counts, tags }: { query: FleetQuery; counts: FleetCounts; tags: string[] }) {
  return (
    <>
      <nav className="tabs" aria-label="Filter by state" data-testid="fleet-counts">
        {(Object.keys(FILTER_LABEL) as FleetFilter[]).map((filter) => (
          <Link
            key={filter}
            href={fleetHref(query, { state: filter, page: 1 })}
            aria-current={filter === query.state ? 'page' : undefined}
            data-state={filter}
          >
            {FILTER_LABEL[filter]} {formatCount(counts[filter])}
          </Link>
        ))}
      </nav>
      {/* Keyed by the view, so its fields show the URL's filters after every navigation (they are uncontrolled). */}
      <Form key={fleetHref(query)} action="/fleet" className="toolbar" aria-label="Filter by name and tag">
        {query.state !== 'all' && <input type="hidden" name="state" value={query.state} />}
        {query.sort !== 'name' || query.direction !== 'asc' ? (
          <>
            <input type="hidden" name="sort" value={query.sort} />
            <input type="hidden" name="dir" value={query.direction} />
          </>
        ) : null}
        <label htmlFor="fleet-name">Name contains</label>
        <input
          id="fleet-name"
          name="q"
          defaultValue={query.name ?? ''}
          maxLength={40}
          placeholder="replica"
          autoComplete="off"
        />
        <label htmlFor="fleet-tag">Tag</label>
        <select id="fleet-tag" name="tag" defaultValue={query.tag ?? ''}>
          <option value="">any</option>
          {tags.map((tag) => (
            <option key={tag} value={tag}>
              {tag}
            </option>
          ))}
          {query.tag && !tags.includes(query.tag) && <option value={query.tag}>{query.tag}</option>}
        </select>
        <button type="submit">Filter</button>
        {(query.name || query.tag || query.state !== 'all') && (
          <Link href={fleetHref(query, { state: 'all', name: null, tag: null, page: 1 })}>Clear filters</Link>
        )}
      </Form>
    </>
  );
}

/** Where this page is in the list, and the way to the others. */
export function FleetPager({
  query,
  page,
  pageCount,
  matching,
  pageSize,
}: {
  query: FleetQuery;
  page: number;
  pageCount: number;
  matching: number;
  pageSize: number;
}) {
  const first = matching === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(matching, page * pageSize);
  const link = (label: string, to: number, rel?: string) => {
    const disabled = to < 1 || to > pageCount || to === page;
    return (
      <Link href={disabled ? fleetHref(query) : fleetHref(query, { page: to })} aria-disabled={disabled} rel={rel}>
        {label}
      </Link>
    );
  };
  return (
    <nav className="pager" aria-label="Fleet pages" data-testid="fleet-pager">
      <span role="status">
        Targets {formatCount(first)}–{formatCount(last)} of {formatCount(matching)} · page {page} of {pageCount}
      </span>
      {link('First', 1)}
      {link('Previous', page - 1, 'prev')}
      {link('Next', page + 1, 'next')}
      {link('Last', pageCount)}
    </nav>
  );
}
