/**
 * The Space page's view, all of it in the URL (a link reproduces it): the growth window, the table charted, and the
 * position and order of each paged list. Cursors travel as base64url JSON and are parsed with zod; one that does
 * not parse starts its list from the first page rather than failing the page. Pure, so it is unit-tested.
 */
import { z } from 'zod';
import { HISTORY_RANGES, type HistoryRange } from '../monitoring/history';

/** Sort keys of the stored snapshot's list; the store's ORDER BY comes from a registry keyed by these. */
export const SNAPSHOT_SORTS = ['total', 'table', 'index', 'rows', 'name'] as const;
export type SnapshotSort = (typeof SNAPSHOT_SORTS)[number];

export const INDEX_SORTS = ['name', 'size'] as const;
export type IndexSort = (typeof INDEX_SORTS)[number];

/** After this row of the snapshot list: its sort value (unused when sorted by name), then schema and table. */
export const snapshotCursorSchema = z.object({
  value: z.number().finite(),
  schema: z.string().max(200),
  table: z.string().max(200),
});
export type SnapshotCursor = z.output<typeof snapshotCursorSchema>;

/** Relation names are at most 63 bytes (NAMEDATALEN); oids fit 32 bits. */
const oid = z.number().int().min(0).max(4_294_967_295);
export const nameCursorSchema = z.object({ name: z.string().max(200), namespace: oid });
/** After this index of the stored snapshot's list by size: its size, then schema and index name. */
export const indexSizeCursorSchema = z.object({
  bytes: z.number().int().min(0),
  schema: z.string().max(200),
  index: z.string().max(200),
});
export type NameCursor = z.output<typeof nameCursorSchema>;
export type IndexSizeCursor = z.output<typeof indexSizeCursorSchema>;

export interface SpaceView {
  range: HistoryRange;
  /** The table whose growth is charted; null charts the one that grew most. */
  chart: { schema: string; table: string } | null;
  sort: SnapshotSort;
  after: SnapshotCursor | null;
  /** The live list of every table, in name order. */
  allAfter: NameCursor | null;
  /** Indexes by name (live, every index) or by size (the stored snapshot's largest). */
  indexSort: IndexSort;
  indexAfter: NameCursor | IndexSizeCursor | null;
}

export const DEFAULT_RANGE: HistoryRange = '24h';

export function encodeCursor(cursor: object): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor<S extends z.ZodType>(schema: S, value: unknown): z.output<S> | null {
  if (typeof value !== 'string' || value.length > 1_000) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const rangeSchema = z.enum(Object.keys(HISTORY_RANGES) as [HistoryRange, ...HistoryRange[]]).catch(DEFAULT_RANGE);
const sortSchema = z.enum(SNAPSHOT_SORTS).catch('total');
/** Indexes by name by default: the live list holds every index, the snapshot only the 500 largest. */
const indexSortSchema = z.enum(INDEX_SORTS).catch('name');
const nameSchema = z.string().min(1).max(200);

type Params = Record<string, string | string[] | undefined>;
const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export function parseSpaceView(params: Params): SpaceView {
  const schema = nameSchema.safeParse(single(params.schema));
  const table = nameSchema.safeParse(single(params.table));
  const indexSort = indexSortSchema.parse(single(params.isort));
  return {
    range: rangeSchema.parse(single(params.range)),
    chart: schema.success && table.success ? { schema: schema.data, table: table.data } : null,
    sort: sortSchema.parse(single(params.sort)),
    after: decodeCursor(snapshotCursorSchema, single(params.after)),
    allAfter: decodeCursor(nameCursorSchema, single(params.all)),
    indexSort,
    indexAfter: decodeCursor(indexSort === 'name' ? nameCursorSchema : indexSizeCursorSchema, single(params.iafter)),
  };
}

/** The URL of the view with `changes`; defaults are left out, so the plain page is `/space`. */
export function spaceHref(view: SpaceView, changes: Partial<SpaceView> = {}): string {
  const next = { ...view, ...changes };
  const params = new URLSearchParams();
  if (next.range !== DEFAULT_RANGE) params.set('range', next.range);
  if (next.chart) {
    params.set('schema', next.chart.schema);
    params.set('table', next.chart.table);
  }
  if (next.sort !== 'total') params.set('sort', next.sort);
  if (next.after) params.set('after', encodeCursor(next.after));
  if (next.allAfter) params.set('all', encodeCursor(next.allAfter));
  if (next.indexSort !== 'name') params.set('isort', next.indexSort);
  if (next.indexAfter) params.set('iafter', encodeCursor(next.indexAfter));
  const search = params.toString();
  return search ? `/space?${search}` : '/space';
}
