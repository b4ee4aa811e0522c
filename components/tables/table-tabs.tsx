import Link from 'next/link';

/** Browse the rows, or the domain view beside them. */
export function TableTabs({ table, current }: { table: string; current: 'browse' | 'insights' }) {
  return (
    <nav className="tabs" aria-label={`${table} views`}>
      <Link href={`/tables/${table}`} aria-current={current === 'browse' ? 'page' : undefined}>
        Browse
      </Link>
      <Link href={`/tables/${table}/insights`} aria-current={current === 'insights' ? 'page' : undefined}>
        Insights
      </Link>
    </nav>
  );
}
