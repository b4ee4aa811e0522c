/**
 * The console's menu: its areas grouped as a DBA works (watch the server, read the data, operate it, check its
 * settings, administer the console, see where one is signed in), each area with the lowest role that may open it.
 * The shell lists only what the user can open; the command palette offers the same pages plus each table's insights.
 * Pure (no server-only import): the menu's client component finds the current page with it.
 */
import { hasRole, type Role } from './auth/roles';
import { TABLE_NAMES } from './tables/registry';

export interface NavEntry {
  href: string;
  label: string;
}

export interface NavGroup {
  label: string;
  entries: NavEntry[];
}

interface Area extends NavEntry {
  role: Role;
}

// The tables come from the registry, so a table added there is in the menu (and the page sweep) the same day.
const TABLE_AREAS: readonly Area[] = TABLE_NAMES.map((name) => ({
  href: `/tables/${name}`,
  label: name,
  role: 'viewer',
}));

const GROUPS: readonly { label: string; areas: readonly Area[] }[] = [
  {
    label: 'Monitor',
    areas: [
      { href: '/', label: 'Overview', role: 'viewer' },
      { href: '/fleet', label: 'Fleet', role: 'viewer' },
      { href: '/activity', label: 'Activity', role: 'viewer' },
      { href: '/queries', label: 'Queries', role: 'viewer' },
      { href: '/cache', label: 'Cache and indexes', role: 'viewer' },
      { href: '/space', label: 'Space', role: 'viewer' },
      { href: '/maintenance', label: 'Maintenance', role: 'viewer' },
      { href: '/history', label: 'History', role: 'viewer' },
    ],
  },
  { label: 'Data', areas: TABLE_AREAS },
  {
    label: 'Operate',
    areas: [
      { href: '/backups', label: 'Backups', role: 'viewer' },
      { href: '/checklist', label: 'Production checklist', role: 'viewer' },
    ],
  },
  {
    label: 'Settings',
    areas: [
      { href: '/settings/connection', label: 'Connection', role: 'viewer' },
      { href: '/settings/ssl', label: 'SSL/TLS', role: 'viewer' },
      { href: '/settings/pooling', label: 'Pooling', role: 'viewer' },
      { href: '/settings/replication', label: 'Replication', role: 'viewer' },
      { href: '/settings/tuning', label: 'Tuning', role: 'viewer' },
      { href: '/settings/privileges', label: 'Privileges', role: 'viewer' },
    ],
  },
  {
    label: 'Admin',
    areas: [
      { href: '/admin/targets', label: 'Targets', role: 'admin' },
      { href: '/admin/users', label: 'Users', role: 'admin' },
      { href: '/admin/audit', label: 'Audit log', role: 'admin' },
    ],
  },
  // Everyone's own: where they are signed in (an admin sees everyone's there).
  { label: 'Account', areas: [{ href: '/sessions', label: 'Sessions', role: 'viewer' }] },
];

const AREAS: readonly Area[] = GROUPS.flatMap((group) => group.areas);

/** The menu as `role` sees it: only the areas it may open, and no group left empty. */
export function navigationFor(role: Role): NavGroup[] {
  return GROUPS.map((group) => ({
    label: group.label,
    entries: group.areas.filter((area) => hasRole(role, area.role)).map(({ href, label }) => ({ href, label })),
  })).filter((group) => group.entries.length > 0);
}

/** Where the command palette can jump for `role`: the menu, then each table's insights page. */
export function jumpTargetsFor(role: Role): NavGroup[] {
  const insights = TABLE_NAMES.map((name) => ({ href: `/tables/${name}/insights`, label: `${name} insights` })).filter(
    (entry) => hasRole(role, requiredRoleFor(entry.href)),
  );
  return [...navigationFor(role), ...(insights.length > 0 ? [{ label: 'Table insights', entries: insights }] : [])];
}

/**
 * The entry `path` belongs to: the longest one that is the path or a parent of it, so a page below an area
 * (/checklist/print, /tables/<table>/insights) belongs to its area. Null when none does (only possible without '/').
 */
export function findArea<T extends NavEntry>(entries: readonly T[], path: string): T | null {
  const owners = entries.filter(
    (entry) => path === entry.href || path.startsWith(entry.href === '/' ? '/' : `${entry.href}/`),
  );
  return owners.reduce<T | null>((best, entry) => (!best || entry.href.length > best.href.length ? entry : best), null);
}

/** The lowest role that may open `path`: that of the area it belongs to, so a page below an area needs the same. */
export function requiredRoleFor(path: string): Role {
  return findArea(AREAS, path)?.role ?? 'viewer';
}
