/**
 * The six application tables as the browser knows them: the only source of table and column names that ever
 * reach SQL. Columns, types and indexes follow the guide's section 2 (and prisma/migrations).
 */
export type ColumnType = 'integer' | 'decimal' | 'text' | 'timestamp' | 'boolean' | 'jsonb';

export interface ColumnDef {
  name: string;
  type: ColumnType;
  nullable: boolean;
  /** A btree index leads with this column (the guide's indexes, primary keys, the UNIQUE constraint). */
  indexed: boolean;
}

export interface TableDef {
  name: TableName;
  description: string;
  /** Single-column primary key: breaks ties in keyset pagination. */
  primaryKey: string;
  columns: readonly ColumnDef[];
  defaultSort: { column: string; direction: 'asc' | 'desc' };
}

const col = (name: string, type: ColumnType, options: { nullable?: boolean; indexed?: boolean } = {}): ColumnDef => ({
  name,
  type,
  nullable: options.nullable ?? false,
  indexed: options.indexed ?? false,
});

export const TABLE_NAMES = [
  'content_audit',
  'cache_metadata',
  'ab_test_results',
  'content_metrics',
  'user_segments',
  'scheduled_content',
] as const;
export type TableName = (typeof TABLE_NAMES)[number];

export const TABLES: Record<TableName, TableDef> = {
  content_audit: {
    name: 'content_audit',
    description: 'Content generation audit log',
    primaryKey: 'id',
    columns: [
      col('id', 'integer', { indexed: true }),
      col('content_id', 'text', { indexed: true }),
      col('operation', 'text'),
      col('user_id', 'text', { nullable: true }),
      col('timestamp', 'timestamp', { indexed: true }),
      col('metadata', 'jsonb', { nullable: true }),
    ],
    defaultSort: { column: 'timestamp', direction: 'desc' },
  },
  cache_metadata: {
    name: 'cache_metadata',
    description: 'Cache metadata',
    primaryKey: 'cache_key',
    columns: [
      col('cache_key', 'text', { indexed: true }),
      col('target', 'text', { indexed: true }),
      col('created_at', 'timestamp'),
      col('expires_at', 'timestamp', { indexed: true }),
      col('size_bytes', 'integer', { nullable: true }),
      col('hit_count', 'integer', { nullable: true }),
      col('last_accessed', 'timestamp', { nullable: true }),
    ],
    defaultSort: { column: 'expires_at', direction: 'desc' },
  },
  ab_test_results: {
    name: 'ab_test_results',
    description: 'A/B test results',
    primaryKey: 'id',
    columns: [
      col('id', 'integer', { indexed: true }),
      col('test_id', 'text', { indexed: true }),
      col('variant_id', 'text'),
      col('metric_name', 'text'),
      col('metric_value', 'decimal', { nullable: true }),
      col('timestamp', 'timestamp', { indexed: true }),
      col('metadata', 'jsonb', { nullable: true }),
    ],
    defaultSort: { column: 'timestamp', direction: 'desc' },
  },
  content_metrics: {
    name: 'content_metrics',
    description: 'Content generation metrics',
    primaryKey: 'id',
    columns: [
      col('id', 'integer', { indexed: true }),
      col('content_id', 'text'),
      col('channel', 'text', { indexed: true }),
      col('generation_time_ms', 'integer', { nullable: true }),
      col('ai_tokens_used', 'integer', { nullable: true }),
      col('quality_score', 'decimal', { nullable: true }),
      col('created_at', 'timestamp', { indexed: true }),
      col('metadata', 'jsonb', { nullable: true }),
    ],
    defaultSort: { column: 'created_at', direction: 'desc' },
  },
  user_segments: {
    name: 'user_segments',
    description: 'User segments',
    primaryKey: 'segment_id',
    columns: [
      col('segment_id', 'text', { indexed: true }),
      col('segment_name', 'text'),
      col('criteria', 'jsonb'),
      col('active', 'boolean', { nullable: true }),
      col('created_at', 'timestamp'),
      col('updated_at', 'timestamp'),
    ],
    defaultSort: { column: 'segment_id', direction: 'asc' },
  },
  scheduled_content: {
    name: 'scheduled_content',
    description: 'Scheduled content',
    primaryKey: 'id',
    columns: [
      col('id', 'integer', { indexed: true }),
      col('content_id', 'text', { indexed: true }),
      col('channel', 'text'),
      col('scheduled_time', 'timestamp', { indexed: true }),
      col('status', 'text', { indexed: true }),
      col('retry_count', 'integer', { nullable: true }),
      col('created_at', 'timestamp'),
      col('published_at', 'timestamp', { nullable: true }),
      col('error_message', 'text', { nullable: true }),
    ],
    defaultSort: { column: 'scheduled_time', direction: 'desc' },
  },
};

export function isTableName(value: string): value is TableName {
  return (TABLE_NAMES as readonly string[]).includes(value);
}

export function findColumn(table: TableDef, name: string): ColumnDef | undefined {
  return table.columns.find((column) => column.name === name);
}

/** A registry identifier, double-quoted for SQL ("timestamp" is a keyword). Never called with input text. */
export function quoteIdentifier(name: string): string {
  return `"${name}"`;
}
