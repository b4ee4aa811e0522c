/**
 * The migration creates the guide's six tables exactly (columns, types, defaults, keys, the UNIQUE constraint)
 * and all ten of its indexes by name; the console's tables live in their own schema.
 */
import { describe, expect, it } from 'vitest';
import { withClient } from '../support/sql';

interface Column {
  table_name: string;
  column_name: string;
  type: string;
  is_nullable: 'YES' | 'NO';
  column_default: string | null;
}

async function columnsOf(table: string): Promise<string[]> {
  return withClient(async (client) => {
    const { rows } = await client.query<Column>(
      `SELECT table_name, column_name, format_type(a.atttypid, a.atttypmod) AS type, is_nullable, column_default
       FROM information_schema.columns c
       JOIN pg_attribute a ON a.attrelid = ('public.' || quote_ident(c.table_name))::regclass AND a.attname = c.column_name
       WHERE table_schema = 'public' AND table_name = $1
       ORDER BY ordinal_position`,
      [table],
    );
    return rows.map(
      (r) =>
        `${r.column_name} ${r.type}${r.is_nullable === 'NO' ? ' NOT NULL' : ''}${r.column_default ? ` DEFAULT ${r.column_default}` : ''}`,
    );
  });
}

describe('the six application tables', () => {
  it('content_audit', async () => {
    expect(await columnsOf('content_audit')).toEqual([
      "id integer NOT NULL DEFAULT nextval('content_audit_id_seq'::regclass)",
      'content_id character varying(255) NOT NULL',
      'operation character varying(50) NOT NULL',
      'user_id character varying(255)',
      'timestamp timestamp without time zone NOT NULL DEFAULT now()',
      'metadata jsonb',
    ]);
  });

  it('cache_metadata', async () => {
    expect(await columnsOf('cache_metadata')).toEqual([
      'cache_key character varying(512) NOT NULL',
      'target character varying(50) NOT NULL',
      'created_at timestamp without time zone NOT NULL DEFAULT now()',
      'expires_at timestamp without time zone NOT NULL',
      'size_bytes integer',
      'hit_count integer DEFAULT 0',
      'last_accessed timestamp without time zone',
    ]);
  });

  it('ab_test_results', async () => {
    expect(await columnsOf('ab_test_results')).toEqual([
      "id integer NOT NULL DEFAULT nextval('ab_test_results_id_seq'::regclass)",
      'test_id character varying(255) NOT NULL',
      'variant_id character varying(255) NOT NULL',
      'metric_name character varying(100) NOT NULL',
      'metric_value numeric(10,4)',
      'timestamp timestamp without time zone NOT NULL DEFAULT now()',
      'metadata jsonb',
    ]);
  });

  it('content_metrics', async () => {
    expect(await columnsOf('content_metrics')).toEqual([
      "id integer NOT NULL DEFAULT nextval('content_metrics_id_seq'::regclass)",
      'content_id character varying(255) NOT NULL',
      'channel character varying(50) NOT NULL',
      'generation_time_ms integer',
      'ai_tokens_used integer',
      'quality_score numeric(3,2)',
      'created_at timestamp without time zone NOT NULL DEFAULT now()',
      'metadata jsonb',
    ]);
  });

  it('user_segments', async () => {
    expect(await columnsOf('user_segments')).toEqual([
      'segment_id character varying(255) NOT NULL',
      'segment_name character varying(255) NOT NULL',
      'criteria jsonb NOT NULL',
      'active boolean DEFAULT true',
      'created_at timestamp without time zone NOT NULL DEFAULT now()',
      'updated_at timestamp without time zone NOT NULL DEFAULT now()',
    ]);
  });

  it('scheduled_content', async () => {
    expect(await columnsOf('scheduled_content')).toEqual([
      "id integer NOT NULL DEFAULT nextval('scheduled_content_id_seq'::regclass)",
      'content_id character varying(255) NOT NULL',
      'channel character varying(50) NOT NULL',
      'scheduled_time timestamp without time zone NOT NULL',
      "status character varying(50) NOT NULL DEFAULT 'pending'::character varying",
      'retry_count integer DEFAULT 0',
      'created_at timestamp without time zone NOT NULL DEFAULT now()',
      'published_at timestamp without time zone',
      'error_message text',
    ]);
  });

  it('has the primary keys and the UNIQUE constraint of the guide', async () => {
    const constraints = await withClient(async (client) => {
      const { rows } = await client.query<{ def: string }>(
        `SELECT conrelid::regclass || ' ' || pg_get_constraintdef(oid) AS def
         FROM pg_constraint
         WHERE connamespace = 'public'::regnamespace AND contype IN ('p', 'u')
           AND conrelid <> 'public._prisma_migrations'::regclass -- Prisma's bookkeeping; it cannot be moved
         ORDER BY 1`,
      );
      return rows.map((r) => r.def);
    });
    expect(constraints).toEqual([
      'ab_test_results PRIMARY KEY (id)',
      'cache_metadata PRIMARY KEY (cache_key)',
      'content_audit PRIMARY KEY (id)',
      'content_metrics PRIMARY KEY (id)',
      'scheduled_content PRIMARY KEY (id)',
      'scheduled_content UNIQUE (content_id)',
      'user_segments PRIMARY KEY (segment_id)',
    ]);
  });

  it('has all ten of the guide indexes, by name, on the right columns', async () => {
    const indexes = await withClient(async (client) => {
      const { rows } = await client.query<{ indexname: string; indexdef: string }>(
        `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexname LIKE 'idx_%' ORDER BY indexname`,
      );
      return Object.fromEntries(rows.map((r) => [r.indexname, r.indexdef.replace(/^.* USING /, '')]));
    });
    expect(indexes).toEqual({
      idx_cache_expires: 'btree (expires_at)',
      idx_cache_target: 'btree (target)',
      idx_content_audit_content_id: 'btree (content_id)',
      idx_content_audit_timestamp: 'btree ("timestamp")',
      idx_content_metrics_channel: 'btree (channel)',
      idx_content_metrics_created: 'btree (created_at)',
      idx_scheduled_status: 'btree (status)',
      idx_scheduled_time: 'btree (scheduled_time)',
      idx_test_results_test_id: 'btree (test_id)',
      idx_test_results_timestamp: 'btree ("timestamp")',
    });
  });
});

describe('the console schema', () => {
  it('keeps the console tables out of public', async () => {
    const tables = await withClient(async (client) => {
      const { rows } = await client.query<{ t: string }>(
        // A day partition of the workload history (statement_minute_20261202) is a table of its parent, not one more.
        `SELECT n.nspname || '.' || c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'console' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`,
      );
      return rows.map((r) => r.t);
    });
    expect(tables).toEqual([
      'console.activity_minute',
      'console.activity_sample',
      'console.alert_event',
      'console.audit_event',
      'console.backup_run',
      'console.backup_settings',
      'console.change_baseline',
      'console.change_event',
      'console.checklist_evidence',
      'console.checklist_signoff',
      'console.index_size_snapshot',
      'console.insight_ab_day',
      'console.insight_audit_day',
      'console.insight_cache_day',
      'console.insight_cache_top',
      'console.insight_day',
      'console.insight_generation_day',
      'console.insight_generation_exact',
      'console.insight_generation_histogram',
      'console.insight_quality_day',
      'console.insight_schedule_day',
      'console.insight_source',
      'console.lock_wait_episode',
      'console.metric_sample',
      'console.monitored_target',
      'console.restore_run',
      'console.sampler_process',
      'console.sign_in_throttle',
      'console.statement_hour',
      'console.statement_interval',
      'console.statement_minute',
      'console.statement_regression',
      'console.statement_rollup',
      'console.statement_text',
      'console.statement_user',
      'console.table_size_round',
      'console.table_size_snapshot',
      'console.target_state',
      'console.user_session',
      'console.user_target_role',
      'console.users',
    ]);
  });

  it('refuses to update, delete or truncate audit events', async () => {
    await withClient(async (client) => {
      await client.query(
        `INSERT INTO console.audit_event (actor_email, action, target) VALUES ('t@example.com', 'test.append', 'x')`,
      );
      await expect(client.query(`UPDATE console.audit_event SET action = 'changed'`)).rejects.toThrow(
        'append-only (UPDATE refused)',
      );
      await expect(client.query(`DELETE FROM console.audit_event`)).rejects.toThrow('append-only (DELETE refused)');
      await expect(client.query(`TRUNCATE console.audit_event`)).rejects.toThrow('append-only (TRUNCATE refused)');
    });
  });
});
