/**
 * The Space page's data for one view (./space-view.ts), each part settled on its own (lib/monitoring/sections.ts):
 * table sizes and growth from the stored snapshots (the console store, never the watched server), the live lists of
 * every table and every index a page at a time, and the database size. Runs inside the selected target
 * (lib/targets/selection.ts onSelectedTarget).
 */
import 'server-only';
import { HISTORY_RANGES } from '../monitoring/history';
import { loadSection, settleSection, type Section } from '../monitoring/sections';
import {
  getDatabaseSize,
  listIndexSizesByName,
  listTableSizesByName,
  SPACE_PAGE_SIZE,
  type DatabaseSize,
  type IndexSize,
  type KeysetPage,
  type PagedTableSize,
} from '../pg/space';
import type { Target } from '../targets/registry';
import {
  findFastestGrowingTables,
  findLatestTableSizeRound,
  listSnapshotIndexes,
  listSnapshotTables,
  listTableGrowth,
  type StoredTableSize,
  type TableGrowthPoint,
  type TableGrowthRanking,
  type TableSizeRound,
} from '../workload/table-growth/table-size-history';
import { encodeCursor, type IndexSizeCursor, type NameCursor, type SnapshotCursor, type SpaceView } from './space-view';

export interface SnapshotView {
  round: TableSizeRound;
  page: KeysetPage<StoredTableSize, SnapshotCursor>;
}

export interface GrowthView {
  ranking: TableGrowthRanking | null;
  /** The table charted: the one asked for, else the one that grew most, else the largest. Null without a snapshot. */
  charted: { schema: string; table: string } | null;
  points: TableGrowthPoint[];
}

export interface IndexList {
  page: KeysetPage<IndexSize, NameCursor | IndexSizeCursor>;
  /** The snapshot a list by size was read from; null for the live list by name. */
  round: TableSizeRound | null;
}

export interface SpaceData {
  target: string;
  database: Section<DatabaseSize>;
  /** Null data: no snapshot of this target yet. */
  snapshot: Section<SnapshotView | null>;
  growth: Section<GrowthView>;
  allTables: Section<KeysetPage<PagedTableSize, NameCursor>>;
  /** Null data: the list by size was asked for and this target has no snapshot yet. */
  indexes: Section<IndexList | null>;
}

async function loadSnapshot(target: string, view: SpaceView): Promise<SnapshotView | null> {
  const round = await findLatestTableSizeRound(target);
  if (!round) return null;
  return { round, page: await listSnapshotTables(target, round.takenAt, view.sort, view.after, SPACE_PAGE_SIZE) };
}

async function loadGrowth(target: string, view: SpaceView, now: Date): Promise<GrowthView> {
  const since = new Date(now.getTime() - HISTORY_RANGES[view.range]);
  const ranking = await findFastestGrowingTables(target, since);
  let charted = view.chart ?? ranking?.byBytes[0] ?? null;
  if (!charted) {
    const round = await findLatestTableSizeRound(target);
    const largest = round && (await listSnapshotTables(target, round.takenAt, 'total', null, 1)).rows[0];
    charted = largest || null;
  }
  const points = charted ? await listTableGrowth(target, charted.schema, charted.table, since) : [];
  return { ranking, charted: charted && { schema: charted.schema, table: charted.table }, points };
}

/** By name, live (a page measures only its own indexes); by size, from the newest stored snapshot. */
async function loadIndexes(target: string, view: SpaceView): Promise<IndexList | null> {
  if (view.indexSort === 'name') {
    const after = view.indexAfter && 'name' in view.indexAfter ? view.indexAfter : null;
    return { page: await listIndexSizesByName(after), round: null };
  }
  const round = await findLatestTableSizeRound(target);
  if (!round) return null;
  const after = view.indexAfter && 'bytes' in view.indexAfter ? view.indexAfter : null;
  return { page: await listSnapshotIndexes(target, round.takenAt, after, SPACE_PAGE_SIZE), round };
}

export async function loadSpace(target: Target, view: SpaceView, now = new Date()): Promise<SpaceData> {
  const [database, snapshot, growth, allTables, indexes] = await Promise.all([
    loadSection('space:database', getDatabaseSize),
    settleSection(() => loadSnapshot(target.name, view)),
    settleSection(() => loadGrowth(target.name, view, now)),
    loadSection(`space:all-tables:${view.allAfter ? encodeCursor(view.allAfter) : ''}`, () =>
      listTableSizesByName(view.allAfter),
    ),
    view.indexSort === 'name'
      ? loadSection(`space:indexes:${view.indexAfter ? encodeCursor(view.indexAfter) : ''}`, () =>
          loadIndexes(target.name, view),
        )
      : settleSection(() => loadIndexes(target.name, view)),
  ]);
  return { target: target.name, database, snapshot, growth, allTables, indexes };
}
