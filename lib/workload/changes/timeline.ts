/**
 * "What changed around it" (issue 16): one target's timeline over a window, newest first — the change task's events
 * (settings, restarts, statistics resets, failovers), backups and restores starting and ending, checklist sign-offs
 * and revocations, alerts firing and resolving — and the same entries as markers for the charts. One UNION ALL
 * over the console store, each branch a range of its own started_at/created_at index, keyset-paged.
 *
 * Backups, restores and the checklist are about the primary target (DATABASE_URL: the database pg_dump reads and the
 * checklist checks), so only its timeline holds them; alerts and change events are per target.
 */
import 'server-only';
import { z } from 'zod';
import { findChecklistItem } from '../../checklist/items';
import { getPrisma } from '../../db';
import { loadSection, type Section } from '../../monitoring/sections';
import { parseRows, text, timestamp } from '../../pg/rows';
import { PRIMARY_TARGET } from '../../targets/target-list';
import type { TimeWindow } from '../window';
import { CHANGE_KINDS } from './detect-changes';
import { timelineCursorParam, type TimelineCursor } from './timeline-cursor';

export const TIMELINE_KINDS = [
  ...CHANGE_KINDS,
  'backup_started',
  'backup_succeeded',
  'backup_failed',
  'restore_started',
  'restore_succeeded',
  'restore_failed',
  'signoff',
  'signoff_revoked',
  'signoff_not_needed',
  'alert_firing',
  'alert_resolved',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineEntry {
  /** Unique across sources: "change:12", "backup:3:started", "alert:7:resolved"… */
  id: string;
  /** To the millisecond (the keyset's precision). */
  at: Date;
  kind: TimelineKind;
  summary: string;
  /** The page it comes from. */
  href: string;
}

export interface TimelinePage {
  entries: TimelineEntry[];
  next: TimelineCursor | null;
}

export const TIMELINE_PAGE_SIZE = 50;

const HREFS: Record<TimelineKind, string> = {
  setting: '/settings/tuning',
  restart: '/fleet',
  stats_reset: '/queries?view=reset',
  role: '/settings/replication',
  backup_started: '/backups',
  backup_succeeded: '/backups',
  backup_failed: '/backups',
  restore_started: '/backups',
  restore_succeeded: '/backups',
  restore_failed: '/backups',
  signoff: '/checklist',
  signoff_revoked: '/checklist',
  signoff_not_needed: '/checklist',
  alert_firing: '/#alerts-heading',
  alert_resolved: '/#alerts-heading',
};

const entryRow = z.object({
  id: text,
  at: timestamp,
  kind: z.enum(TIMELINE_KINDS),
  summary: text,
  /** The checklist item of a sign-off, named by its title in TypeScript (the titles live in lib/checklist/items). */
  item: text.nullable(),
});

// The sources, each a range of its own index ($2..$3 the window; $4 whether this is the primary's timeline). A
// restore's "verify" is the restore-verify of the Backups page. Milliseconds: the keyset's precision is the URL's.
const ENTRIES = `
  SELECT 'change:' || id AS id, at, kind, summary, NULL AS item
  FROM console.change_event
  WHERE target = $1 AND at >= $2 AND at <= $3
  UNION ALL
  SELECT 'backup:' || id || ':started', started_at, 'backup_started',
         format('Backup #%s started (%s, by %s)', id, "trigger", started_by), NULL
  FROM console.backup_run
  WHERE $4::boolean AND started_at >= $2 AND started_at <= $3
  UNION ALL
  SELECT 'backup:' || id || ':ended', finished_at,
         CASE status WHEN 'succeeded' THEN 'backup_succeeded' ELSE 'backup_failed' END,
         CASE status
           WHEN 'succeeded' THEN format('Backup #%s succeeded (%s)', id, pg_size_pretty(size_bytes))
           ELSE format('Backup #%s %s: %s', id, status, coalesce(left(error, 160), 'no error recorded'))
         END, NULL
  FROM console.backup_run
  WHERE $4::boolean AND status <> 'running' AND finished_at >= $2 AND finished_at <= $3
  UNION ALL
  SELECT 'restore:' || id || ':started', started_at, 'restore_started',
         format('%s of backup #%s into %s started (by %s)',
                CASE kind WHEN 'verify' THEN 'Restore-verify' ELSE 'Restore' END,
                backup_id, target_database, started_by),
         NULL
  FROM console.restore_run
  WHERE $4::boolean AND started_at >= $2 AND started_at <= $3
  UNION ALL
  SELECT 'restore:' || id || ':ended', finished_at,
         CASE status WHEN 'succeeded' THEN 'restore_succeeded' ELSE 'restore_failed' END,
         format('%s of backup #%s %s%s', CASE kind WHEN 'verify' THEN 'Restore-verify' ELSE 'Restore' END, backup_id,
                status, coalesce(': ' || left(error, 160), '')),
         NULL
  FROM console.restore_run
  WHERE $4::boolean AND status <> 'running' AND finished_at >= $2 AND finished_at <= $3
  UNION ALL
  SELECT 'signoff:' || id, created_at,
         CASE kind WHEN 'revoke' THEN 'signoff_revoked' WHEN 'not_needed' THEN 'signoff_not_needed' ELSE 'signoff' END,
         actor_email, item_id
  FROM console.checklist_signoff
  WHERE $4::boolean AND created_at >= $2 AND created_at <= $3
  UNION ALL
  SELECT 'alert:' || id || ':fired', fired_at, 'alert_firing', format('%s firing: %s', rule, summary), NULL
  FROM console.alert_event
  WHERE target = $1 AND fired_at >= $2 AND fired_at <= $3
  UNION ALL
  SELECT 'alert:' || id || ':resolved', resolved_at, 'alert_resolved', format('%s resolved', rule), NULL
  FROM console.alert_event
  WHERE target = $1 AND fired_at IS NOT NULL AND resolved_at >= $2 AND resolved_at <= $3`;

const SIGNOFF_VERBS: Partial<Record<TimelineKind, string>> = {
  signoff: 'signed off',
  signoff_revoked: 'sign-off revoked',
  signoff_not_needed: 'marked not needed',
};

function toEntry(row: z.output<typeof entryRow>): TimelineEntry {
  const summary =
    row.item === null
      ? row.summary
      : `Checklist: ${findChecklistItem(row.item)?.title ?? row.item} ${SIGNOFF_VERBS[row.kind]} by ${row.summary}`;
  return { id: row.id, at: row.at, kind: row.kind, summary, href: HREFS[row.kind] };
}

async function readEntries(
  target: string,
  window: Pick<TimeWindow, 'from' | 'to'>,
  after: TimelineCursor | null,
  limit: number,
): Promise<TimelineEntry[]> {
  const rows = parseRows(
    entryRow,
    await getPrisma().$queryRawUnsafe(
      `SELECT id, date_trunc('milliseconds', at) AS at, kind, summary, item
       FROM (${ENTRIES}) e
       WHERE $5::timestamptz IS NULL OR (date_trunc('milliseconds', at), id COLLATE "C") < ($5::timestamptz, $6::text)
       ORDER BY 2 DESC, id COLLATE "C" DESC
       LIMIT $7`,
      target,
      window.from,
      window.to,
      target === PRIMARY_TARGET,
      after?.at ?? null,
      after?.id ?? null,
      limit,
    ),
  );
  return rows.map(toEntry);
}

/** One page of `target`'s timeline over the window, newest first; `next` is null on the last page. */
export async function listTimeline(
  target: string,
  window: Pick<TimeWindow, 'from' | 'to'>,
  after: TimelineCursor | null = null,
  limit = TIMELINE_PAGE_SIZE,
): Promise<TimelinePage> {
  const rows = await readEntries(target, window, after, limit + 1);
  const entries = rows.slice(0, limit);
  const last = entries.at(-1);
  return { entries, next: rows.length > limit && last ? { at: last.at, id: last.id } : null };
}

/** A chart's marker: a vertical line at `t` (epoch ms) with a short label and the summary as its tooltip. */
export interface ChangeMarker {
  t: number;
  kind: TimelineKind;
  label: string;
  summary: string;
}

/** Markers beyond this many in one window would be a solid block, not lines: the newest are shown. */
export const MAX_MARKERS = 60;

const MARKER_LABELS: Record<TimelineKind, string> = {
  setting: 'setting',
  restart: 'restart',
  stats_reset: 'stats reset',
  role: 'failover',
  backup_started: 'backup',
  backup_succeeded: 'backup ok',
  backup_failed: 'backup failed',
  restore_started: 'restore',
  restore_succeeded: 'restore ok',
  restore_failed: 'restore failed',
  signoff: 'sign-off',
  signoff_revoked: 'revoked',
  signoff_not_needed: 'not needed',
  alert_firing: 'alert',
  alert_resolved: 'resolved',
};

export function toChangeMarkers(entries: readonly TimelineEntry[]): ChangeMarker[] {
  return entries.map((entry) => ({
    t: entry.at.getTime(),
    kind: entry.kind,
    label: MARKER_LABELS[entry.kind],
    summary: entry.summary,
  }));
}

/** A preset window is cached under its name (it moves with the clock), a dragged one under its instants. */
const windowKey = (window: TimeWindow) => window.range ?? `${window.from.toISOString()}/${window.to.toISOString()}`;

export function loadTimeline(
  target: string,
  window: TimeWindow,
  after: TimelineCursor | null,
): Promise<Section<TimelinePage>> {
  const page = after ? timelineCursorParam(after) : 'first';
  return loadSection(`workload:timeline:${target}:${windowKey(window)}:${page}`, () =>
    listTimeline(target, window, after),
  );
}

/**
 * The markers of a chart over `window`: the newest MAX_MARKERS entries. A chart without its markers is still a
 * chart, so a failed read gives none rather than an error in place of the chart.
 */
export async function loadChangeMarkers(target: string, window: TimeWindow): Promise<ChangeMarker[]> {
  const section = await loadSection(`workload:markers:${target}:${windowKey(window)}`, () =>
    readEntries(target, window, null, MAX_MARKERS),
  );
  return section.ok ? toChangeMarkers(section.data) : [];
}
