import { describe, expect, it } from 'vitest';
import { adviseTuning, type PgSetting } from './tuning';

const GB = 1024 ** 3;
const guideServer = { memoryBytes: 16 * GB, cpus: 4, storage: 'ssd' as const, source: 'test' };

/** The guide's postgresql.conf as pg_settings reports it (units as PostgreSQL stores them). */
const guideSettings: PgSetting[] = [
  { name: 'shared_buffers', setting: '524288', unit: '8kB' },
  { name: 'effective_cache_size', setting: '1572864', unit: '8kB' },
  { name: 'maintenance_work_mem', setting: '1048576', unit: 'kB' },
  { name: 'work_mem', setting: '16384', unit: 'kB' },
  { name: 'wal_buffers', setting: '2048', unit: '8kB' },
  { name: 'checkpoint_completion_target', setting: '0.9', unit: null },
  { name: 'min_wal_size', setting: '1024', unit: 'MB' },
  { name: 'max_wal_size', setting: '4096', unit: 'MB' },
  { name: 'random_page_cost', setting: '1.1', unit: null },
  { name: 'effective_io_concurrency', setting: '200', unit: null },
  { name: 'max_connections', setting: '200', unit: null },
  { name: 'superuser_reserved_connections', setting: '3', unit: null },
  { name: 'logging_collector', setting: 'on', unit: null },
  { name: 'log_rotation_age', setting: '1440', unit: 'min' },
  { name: 'log_rotation_size', setting: '1048576', unit: 'kB' },
  { name: 'log_line_prefix', setting: '%t [%p]: user=%u,db=%d,app=%a,client=%h ', unit: null },
  { name: 'log_statement', setting: 'ddl', unit: null },
  { name: 'log_min_duration_statement', setting: '1000', unit: 'ms' },
  { name: 'track_io_timing', setting: 'on', unit: null },
  { name: 'track_activity_query_size', setting: '2048', unit: 'B' },
];

describe('the tuning advisor', () => {
  it("passes the guide's own postgresql.conf on the guide's 16 GB SSD server", () => {
    const advice = adviseTuning(guideServer, guideSettings);
    expect(advice.filter((a) => a.status !== 'pass')).toEqual([]);
    expect(advice.find((a) => a.name === 'shared_buffers')).toMatchObject({ current: '4GB', recommended: '4GB' });
  });

  it('scales memory settings with the server and flags defaults', () => {
    const small = { ...guideServer, memoryBytes: 4 * GB, storage: 'hdd' as const };
    const advice = adviseTuning(small, [
      { name: 'shared_buffers', setting: '16384', unit: '8kB' },
      { name: 'random_page_cost', setting: '4', unit: null },
    ]);
    expect(advice.find((a) => a.name === 'shared_buffers')).toMatchObject({
      current: '128MB',
      recommended: '1GB',
      status: 'warn',
    });
    expect(advice.find((a) => a.name === 'random_page_cost')).toMatchObject({ recommended: '4', status: 'pass' });
    expect(advice.find((a) => a.name === 'work_mem')).toMatchObject({
      current: 'not readable',
      recommended: '4MB',
      status: 'manual',
    });
  });
});
