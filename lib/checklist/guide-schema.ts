/**
 * The six application tables as the guide's "Create Required Tables" defines them: what checklist item 3 compares
 * the live database with. Types are PostgreSQL's format_type() spelling of the guide's DDL.
 */
import type { TableName } from '../tables/registry';

export interface GuideColumn {
  name: string;
  type: string;
  notNull: boolean;
}

export interface GuideTable {
  name: TableName;
  columns: GuideColumn[];
  primaryKey: string;
  unique: string[];
  /** index name → column, as the guide names them. */
  indexes: Record<string, string>;
}

const c = (name: string, type: string, notNull = false): GuideColumn => ({ name, type, notNull });
const VARCHAR = (n: number) => `character varying(${n})`;
const TS = 'timestamp without time zone';

export const GUIDE_TABLES: readonly GuideTable[] = [
  {
    name: 'content_audit',
    columns: [
      c('id', 'integer', true),
      c('content_id', VARCHAR(255), true),
      c('operation', VARCHAR(50), true),
      c('user_id', VARCHAR(255)),
      c('timestamp', TS, true),
      c('metadata', 'jsonb'),
    ],
    primaryKey: 'id',
    unique: [],
    indexes: { idx_content_audit_timestamp: 'timestamp', idx_content_audit_content_id: 'content_id' },
  },
  {
    name: 'cache_metadata',
    columns: [
      c('cache_key', VARCHAR(512), true),
      c('target', VARCHAR(50), true),
      c('created_at', TS, true),
      c('expires_at', TS, true),
      c('size_bytes', 'integer'),
      c('hit_count', 'integer'),
      c('last_accessed', TS),
    ],
    primaryKey: 'cache_key',
    unique: [],
    indexes: { idx_cache_expires: 'expires_at', idx_cache_target: 'target' },
  },
  {
    name: 'ab_test_results',
    columns: [
      c('id', 'integer', true),
      c('test_id', VARCHAR(255), true),
      c('variant_id', VARCHAR(255), true),
      c('metric_name', VARCHAR(100), true),
      c('metric_value', 'numeric(10,4)'),
      c('timestamp', TS, true),
      c('metadata', 'jsonb'),
    ],
    primaryKey: 'id',
    unique: [],
    indexes: { idx_test_results_test_id: 'test_id', idx_test_results_timestamp: 'timestamp' },
  },
  {
    name: 'content_metrics',
    columns: [
      c('id', 'integer', true),
      c('content_id', VARCHAR(255), true),
      c('channel', VARCHAR(50), true),
      c('generation_time_ms', 'integer'),
      c('ai_tokens_used', 'integer'),
      c('quality_score', 'numeric(3,2)'),
      c('created_at', TS, true),
      c('metadata', 'jsonb'),
    ],
    primaryKey: 'id',
    unique: [],
    indexes: { idx_content_metrics_channel: 'channel', idx_content_metrics_created: 'created_at' },
  },
  {
    name: 'user_segments',
    columns: [
      c('segment_id', VARCHAR(255), true),
      c('segment_name', VARCHAR(255), true),
      c('criteria', 'jsonb', true),
      c('active', 'boolean'),
      c('created_at', TS, true),
      c('updated_at', TS, true),
    ],
    primaryKey: 'segment_id',
    unique: [],
    indexes: {},
  },
  {
    name: 'scheduled_content',
    columns: [
      c('id', 'integer', true),
      c('content_id', VARCHAR(255), true),
      c('channel', VARCHAR(50), true),
      c('scheduled_time', TS, true),
      c('status', VARCHAR(50), true),
      c('retry_count', 'integer'),
      c('created_at', TS, true),
      c('published_at', TS),
      c('error_message', 'text'),
    ],
    primaryKey: 'id',
    unique: ['content_id'],
    indexes: { idx_scheduled_status: 'status', idx_scheduled_time: 'scheduled_time' },
  },
];
