/**
 * The timeline (lib/workload/changes/timeline.ts): change events, backups and restores starting and ending,
 * checklist sign-offs and revocations, alerts firing and resolving, merged newest first with the page each comes
 * from; entries of the same millisecond in a fixed order; keyset pages that return every entry exactly once; the
 * primary's backups and sign-offs on the primary's timeline only; markers are the newest entries of the window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTimeline, toChangeMarkers, type TimelineEntry } from '@/lib/workload/changes/timeline';
import type { TimelineCursor } from '@/lib/workload/changes/timeline-cursor';
import { withClient } from '../support/sql';

const sql = (text: string, values: unknown[] = []) => withClient((client) => client.query(text, values));
const T = new Date('2031-07-01T10:00:00Z');
const at = (minutes: number) => new Date(T.getTime() + minutes * 60_000);
const WINDOW = { from: at(0), to: at(60) };
const ids: Record<string, string> = {};

async function insert(table: string, columns: Record<string, unknown>): Promise<string> {
  const names = Object.keys(columns);
  const { rows } = await sql(
    `INSERT INTO console.${table} (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id::text AS id`,
    Object.values(columns),
  );
  return rows[0].id;
}

const change = (target: string, when: Date | string, kind: string, summary: string) =>
  insert('change_event', { target, at: when, kind, summary });

const backup = (status: string, started: Date, finished: Date | null, extra: Record<string, unknown> = {}) =>
  insert('backup_run', {
    started_at: started,
    finished_at: finished,
    started_by: 'dba@example.com',
    trigger: 'manual',
    database_name: 'app',
    server_version: '15',
    pg_dump_version: '15',
    options: '{}',
    storage_kind: 'local',
    status,
    ...extra,
  });

beforeAll(async () => {
  ids.setting = await change('primary', at(1), 'setting', 'work_mem: 4MB → 8MB');
  ids.backupOk = await backup('succeeded', at(2), at(5), { size_bytes: 1_048_576 });
  // Two events within one millisecond: the keyset's precision; ordered by id.
  ids.resetA = await change('primary', '2031-07-01T10:03:00.000200Z', 'stats_reset', 'Query statistics reset');
  ids.resetB = await change('primary', '2031-07-01T10:03:00.000700Z', 'stats_reset', 'Database statistics reset');
  ids.backupFailed = await backup('failed', at(6), at(7), { error: 'No space left on device' });
  ids.verify = await insert('restore_run', {
    backup_id: ids.backupOk,
    kind: 'verify',
    started_at: at(8),
    finished_at: at(9),
    started_by: 'schedule',
    target_database: 'halcytone_verify',
    status: 'succeeded',
  });
  const signoff = (kind: string, when: Date) =>
    insert('checklist_signoff', {
      item_id: 'encoding',
      kind,
      actor_email: 'reviewer@example.com',
      comment: 'timeline test',
      evidence: '{}',
      created_at: when,
    });
  ids.sign = await signoff('sign', at(10));
  ids.revoke = await signoff('revoke', at(11));
  const alert = (rule: string, target: string, fired: Date | null, resolved: Date | null) =>
    insert('alert_event', {
      rule,
      target,
      severity: 'warning',
      state: 'resolved',
      summary: 'Cache hit ratio 0.42 below 0.99',
      started_at: at(11.5),
      fired_at: fired,
      resolved_at: resolved,
    });
  ids.alert = await alert('TimelineProbe', 'primary', at(12), at(13));
  // The same instant as the alert firing: "change:" sorts after "alert:", so it comes first, newest first.
  ids.restart = await change('primary', at(12), 'restart', 'Server restarted at 2031-07-01 10:12:00 UTC');
  // Pending, never fired: not an alert firing or resolving.
  await alert('TimelinePending', 'primary', null, at(12.5));
  // Another target's.
  ids.otherAlert = await alert('TimelineProbe', 'timeline-other', at(20), null);
  ids.otherChange = await change('timeline-other', at(21), 'role', 'Promoted to primary (left recovery)');
  // Outside the window.
  await change('primary', at(61), 'setting', 'work_mem: 8MB → 4MB');
});

afterAll(async () => {
  const window = [at(0), at(61)];
  await sql(`DELETE FROM console.change_event WHERE at BETWEEN $1 AND $2`, window);
  await sql(`DELETE FROM console.alert_event WHERE rule LIKE 'Timeline%'`);
  await sql(`DELETE FROM console.restore_run WHERE started_at BETWEEN $1 AND $2`, window);
  await sql(`DELETE FROM console.backup_run WHERE started_at BETWEEN $1 AND $2`, window);
  // Sign-offs are append-only (a trigger refuses DELETE); the test's superuser steps around it to clean up.
  await withClient(async (client) => {
    await client.query(`SET session_replication_role = replica`);
    await client.query(`DELETE FROM console.checklist_signoff WHERE comment = 'timeline test'`);
  });
});

const brief = (entries: TimelineEntry[]) => entries.map(({ id, kind, summary, href }) => ({ id, kind, summary, href }));

describe('the timeline', () => {
  it('merges every source newest first, each entry typed and linked to where it comes from', async () => {
    const page = await listTimeline('primary', WINDOW);
    expect(page.next).toBeNull();
    const [first, second] = [ids.resetA, ids.resetB].sort();
    expect(brief(page.entries)).toEqual([
      {
        id: `alert:${ids.alert}:resolved`,
        kind: 'alert_resolved',
        summary: 'TimelineProbe resolved',
        href: '/#alerts-heading',
      },
      {
        id: `change:${ids.restart}`,
        kind: 'restart',
        summary: 'Server restarted at 2031-07-01 10:12:00 UTC',
        href: '/fleet',
      },
      {
        id: `alert:${ids.alert}:fired`,
        kind: 'alert_firing',
        summary: 'TimelineProbe firing: Cache hit ratio 0.42 below 0.99',
        href: '/#alerts-heading',
      },
      {
        id: `signoff:${ids.revoke}`,
        kind: 'signoff_revoked',
        summary: 'Checklist: Database created with UTF-8 encoding sign-off revoked by reviewer@example.com',
        href: '/checklist',
      },
      {
        id: `signoff:${ids.sign}`,
        kind: 'signoff',
        summary: 'Checklist: Database created with UTF-8 encoding signed off by reviewer@example.com',
        href: '/checklist',
      },
      {
        id: `restore:${ids.verify}:ended`,
        kind: 'restore_succeeded',
        summary: `Restore-verify of backup #${ids.backupOk} succeeded`,
        href: '/backups',
      },
      {
        id: `restore:${ids.verify}:started`,
        kind: 'restore_started',
        summary: `Restore-verify of backup #${ids.backupOk} into halcytone_verify started (by schedule)`,
        href: '/backups',
      },
      {
        id: `backup:${ids.backupFailed}:ended`,
        kind: 'backup_failed',
        summary: `Backup #${ids.backupFailed} failed: No space left on device`,
        href: '/backups',
      },
      {
        id: `backup:${ids.backupFailed}:started`,
        kind: 'backup_started',
        summary: `Backup #${ids.backupFailed} started (manual, by dba@example.com)`,
        href: '/backups',
      },
      {
        id: `backup:${ids.backupOk}:ended`,
        kind: 'backup_succeeded',
        summary: `Backup #${ids.backupOk} succeeded (1024 kB)`,
        href: '/backups',
      },
      // Same millisecond: by id, descending.
      ...[second, first].map((id) => ({
        id: `change:${id}`,
        kind: 'stats_reset',
        summary: id === ids.resetA ? 'Query statistics reset' : 'Database statistics reset',
        href: '/queries?view=reset',
      })),
      {
        id: `backup:${ids.backupOk}:started`,
        kind: 'backup_started',
        summary: `Backup #${ids.backupOk} started (manual, by dba@example.com)`,
        href: '/backups',
      },
      { id: `change:${ids.setting}`, kind: 'setting', summary: 'work_mem: 4MB → 8MB', href: '/settings/tuning' },
    ]);
    expect(page.entries[0].at).toEqual(at(13));
    expect(page.entries.at(-1)!.at).toEqual(at(1));
  });

  it('pages with a keyset cursor, every entry exactly once and in the same order', async () => {
    const all = (await listTimeline('primary', WINDOW)).entries.map((entry) => entry.id);
    const seen: string[] = [];
    let after: TimelineCursor | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const page = await listTimeline('primary', WINDOW, after, 2);
      seen.push(...page.entries.map((entry) => entry.id));
      if (!page.next) break;
      after = page.next;
    }
    expect(seen).toEqual(all);
  });

  it("holds another target's own changes and alerts, not the primary's backups and sign-offs", async () => {
    const page = await listTimeline('timeline-other', WINDOW);
    expect(page.entries.map((entry) => [entry.id, entry.href])).toEqual([
      [`change:${ids.otherChange}`, '/settings/replication'],
      [`alert:${ids.otherAlert}:fired`, '/#alerts-heading'],
    ]);
  });

  it('gives charts a marker per entry at its time, with a short label and the summary', async () => {
    const markers = toChangeMarkers((await listTimeline('timeline-other', WINDOW)).entries);
    expect(markers).toEqual([
      { t: at(21).getTime(), kind: 'role', label: 'failover', summary: 'Promoted to primary (left recovery)' },
      {
        t: at(20).getTime(),
        kind: 'alert_firing',
        label: 'alert',
        summary: 'TimelineProbe firing: Cache hit ratio 0.42 below 0.99',
      },
    ]);
  });
});
