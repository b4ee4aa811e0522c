import { describe, expect, it } from 'vitest';
import { listEveryPage } from '../e2e/support/routes';
import { hasRole, ROLES } from './auth/roles';
import { findArea, jumpTargetsFor, navigationFor, requiredRoleFor } from './navigation';
import { TABLE_NAMES } from './tables/registry';

// The route tree as the page sweep reads it (every table expanded), without the sign-in page outside the shell.
const PAGES = listEveryPage().filter((page) => page !== '/login');
const MENU = navigationFor('admin');
const ENTRIES = MENU.flatMap((group) => group.entries);

describe('the menu', () => {
  it('groups the areas as a DBA works', () => {
    expect(MENU.map((group) => group.label)).toEqual(['Monitor', 'Data', 'Operate', 'Settings', 'Admin', 'Account']);
    expect(MENU[0].entries.map((entry) => entry.label)).toEqual([
      'Overview',
      'Fleet',
      'Activity',
      'Queries',
      'Cache and indexes',
      'Space',
      'Maintenance',
      'History',
    ]);
    expect(MENU[2].entries.map((entry) => entry.label)).toEqual(['Backups', 'Production checklist']);
    expect(MENU[4].entries.map((entry) => entry.label)).toEqual(['Targets', 'Users', 'Audit log']);
    expect(MENU[5].entries).toEqual([{ href: '/sessions', label: 'Sessions' }]);
  });

  it('lists the six tables of the registry under Data', () => {
    expect(MENU[1].entries).toEqual(TABLE_NAMES.map((name) => ({ href: `/tables/${name}`, label: name })));
  });

  it('links only to pages that exist, each once', () => {
    for (const entry of ENTRIES) expect(PAGES, entry.href).toContain(entry.href);
    expect(new Set(ENTRIES.map((entry) => entry.href)).size).toBe(ENTRIES.length);
    expect(new Set(ENTRIES.map((entry) => entry.label)).size).toBe(ENTRIES.length);
  });

  // A page that no entry owns would fall under Overview ('/'): reachable only by typing its address.
  it('puts every page of the route tree in exactly one group', () => {
    for (const page of PAGES) {
      const area = findArea(ENTRIES, page);
      expect(area?.href === '/' && page !== '/', `${page} is in no group`).toBe(false);
      const groups = MENU.filter((group) => group.entries.includes(area!));
      expect(
        groups.map((group) => group.label),
        page,
      ).toHaveLength(1);
    }
  });

  it('shows each role only what it may open', () => {
    for (const role of ROLES) {
      for (const entry of navigationFor(role).flatMap((group) => group.entries))
        expect(hasRole(role, requiredRoleFor(entry.href)), `${role}: ${entry.href}`).toBe(true);
    }
    expect(navigationFor('viewer').map((group) => group.label)).toEqual([
      'Monitor',
      'Data',
      'Operate',
      'Settings',
      'Account',
    ]);
    expect(navigationFor('operator')).toEqual(navigationFor('viewer'));
  });
});

describe('requiredRoleFor', () => {
  it('is the role of the area a page belongs to', () => {
    expect(requiredRoleFor('/')).toBe('viewer');
    expect(requiredRoleFor('/admin/users')).toBe('admin');
    expect(requiredRoleFor('/admin/audit/older')).toBe('admin');
    expect(requiredRoleFor('/checklist/print')).toBe('viewer');
    expect(requiredRoleFor('/tables/user_segments/insights')).toBe('viewer');
    // A prefix of a segment is not a parent.
    expect(requiredRoleFor('/admin/targetsx')).toBe('viewer');
  });
});

describe('findArea', () => {
  it('picks the longest entry that is the path or a parent of it', () => {
    expect(findArea(ENTRIES, '/')?.label).toBe('Overview');
    expect(findArea(ENTRIES, '/fleet')?.label).toBe('Fleet');
    expect(findArea(ENTRIES, '/checklist/print')?.label).toBe('Production checklist');
    expect(findArea(ENTRIES, '/tables/scheduled_content/insights')?.label).toBe('scheduled_content');
    expect(findArea(ENTRIES, '/settings')?.label).toBe('Overview');
    expect(findArea([{ href: '/fleet', label: 'Fleet' }], '/')).toBeNull();
  });
});

describe('jumpTargetsFor', () => {
  it('offers the menu and each table’s insights, for every role only what it may open', () => {
    for (const role of ROLES) {
      const groups = jumpTargetsFor(role);
      expect(groups.slice(0, -1)).toEqual(navigationFor(role));
      expect(groups.at(-1)).toEqual({
        label: 'Table insights',
        entries: TABLE_NAMES.map((name) => ({ href: `/tables/${name}/insights`, label: `${name} insights` })),
      });
      const hrefs = groups.flatMap((group) => group.entries.map((entry) => entry.href));
      for (const href of hrefs) expect(PAGES, href).toContain(href);
      expect(hrefs.some((href) => href.startsWith('/admin'))).toBe(role === 'admin');
    }
  });
});
