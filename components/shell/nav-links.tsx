'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { findArea, type NavGroup } from '@/lib/navigation';

/**
 * The menu, one disclosure per group. At phone width a group is collapsed unless it holds the current page; on
 * a wider screen app/globals.css shows every group's links and hides the toggles (`::details-content`). Both are
 * plain HTML and CSS, so the menu works before (and without) JavaScript.
 */
export function NavLinks({ groups }: { groups: NavGroup[] }) {
  const pathname = usePathname();
  const current = findArea(
    groups.flatMap((group) => group.entries),
    pathname,
  );
  return (
    <div className="nav-groups">
      {groups.map((group) => {
        const holdsCurrent = current !== null && group.entries.includes(current);
        const id = `nav-group-${group.label.toLowerCase()}`;
        return (
          // When the page moves to another group, React opens that one and closes the one left.
          <details className="nav-group" key={group.label} open={holdsCurrent}>
            <summary>{group.label}</summary>
            <span className="nav-group-label" id={id} aria-hidden="true">
              {group.label}
            </span>
            <ul aria-labelledby={id}>
              {group.entries.map((entry) => (
                <li key={entry.href}>
                  <Link className="nav-link" href={entry.href} aria-current={entry === current ? 'page' : undefined}>
                    {entry.label}
                  </Link>
                </li>
              ))}
            </ul>
          </details>
        );
      })}
    </div>
  );
}
