/** The console's areas, each with the lowest role that may open it. The shell lists only what the user can open. */
import { hasRole, type Role } from './auth/roles';

interface Area {
  href: string;
  label: string;
  role: Role;
}

const AREAS: readonly Area[] = [
  { href: '/', label: 'Overview', role: 'viewer' },
  { href: '/fleet', label: 'Fleet', role: 'viewer' },
  { href: '/activity', label: 'Activity', role: 'viewer' },
  { href: '/queries', label: 'Queries', role: 'viewer' },
  { href: '/cache', label: 'Cache and indexes', role: 'viewer' },
  { href: '/space', label: 'Space', role: 'viewer' },
  { href: '/maintenance', label: 'Maintenance', role: 'viewer' },
  { href: '/history', label: 'History', role: 'viewer' },
  { href: '/backups', label: 'Backups', role: 'viewer' },
  { href: '/tables/content_audit', label: 'content_audit', role: 'viewer' },
  { href: '/tables/content_metrics', label: 'content_metrics', role: 'viewer' },
  { href: '/tables/ab_test_results', label: 'ab_test_results', role: 'viewer' },
  { href: '/tables/scheduled_content', label: 'scheduled_content', role: 'viewer' },
  { href: '/tables/cache_metadata', label: 'cache_metadata', role: 'viewer' },
  { href: '/tables/user_segments', label: 'user_segments', role: 'viewer' },
  { href: '/checklist', label: 'Production checklist', role: 'viewer' },
  { href: '/settings/connection', label: 'Connection', role: 'viewer' },
  { href: '/settings/ssl', label: 'SSL/TLS', role: 'viewer' },
  { href: '/settings/pooling', label: 'Pooling', role: 'viewer' },
  { href: '/settings/replication', label: 'Replication', role: 'viewer' },
  { href: '/settings/tuning', label: 'Tuning', role: 'viewer' },
  { href: '/settings/privileges', label: 'Privileges', role: 'viewer' },
  { href: '/admin/targets', label: 'Targets', role: 'admin' },
  { href: '/admin/users', label: 'Users', role: 'admin' },
  { href: '/admin/audit', label: 'Audit log', role: 'admin' },
];

export function navigationFor(role: Role): { href: string; label: string }[] {
  return AREAS.filter((area) => hasRole(role, area.role)).map(({ href, label }) => ({ href, label }));
}

/**
 * The lowest role that may open `path`: that of the area it belongs to (the longest matching menu entry), so a
 * page below an area (/checklist/print, /tables/<table>/insights) needs what its area needs.
 */
export function requiredRoleFor(path: string): Role {
  const area = [...AREAS]
    .filter(
      (candidate) => path === candidate.href || path.startsWith(candidate.href === '/' ? '/' : `${candidate.href}/`),
    )
    .sort((a, b) => b.href.length - a.href.length)[0];
  return area?.role ?? 'viewer';
}
