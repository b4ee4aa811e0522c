import { describe, expect, it } from 'vitest';
import { detectChanges, formatSettingValue, type ObservedState } from './detect-changes';

const NOW = new Date('2031-06-01T03:10:00Z');

function state(overrides: Partial<ObservedState> = {}): ObservedState {
  return {
    startedAt: '2031-06-01T00:00:00.000Z',
    inRecovery: false,
    databaseStatsReset: null,
    statementsStatsReset: '2031-06-01T00:00:01.000Z',
    settings: {
      work_mem: { value: '4096', unit: 'kB', source: 'default', pendingRestart: false },
      shared_buffers: { value: '16384', unit: '8kB', source: 'configuration file', pendingRestart: false },
      log_line_prefix: { value: '%m [%p] ', unit: null, source: 'configuration file', pendingRestart: false },
    },
    ...overrides,
  };
}

describe('formatSettingValue', () => {
  it('spells values as postgresql.conf does, in the largest unit that divides them', () => {
    expect(formatSettingValue('4096', 'kB')).toBe('4MB');
    expect(formatSettingValue('16384', '8kB')).toBe('128MB');
    expect(formatSettingValue('1000', 'kB')).toBe('1000kB');
    expect(formatSettingValue('60000', 'ms')).toBe('1min');
    expect(formatSettingValue('30', 's')).toBe('30s');
    expect(formatSettingValue('0', 'ms')).toBe('0');
    expect(formatSettingValue('-1', 'kB')).toBe('-1 kB');
    expect(formatSettingValue('on', null)).toBe('on');
    expect(formatSettingValue('', null)).toBe("''");
    expect(formatSettingValue(null, null)).toBe('(none)');
  });
});

describe('detectChanges', () => {
  it('finds nothing between equal states', () => {
    expect(detectChanges(state(), state(), NOW)).toEqual([]);
  });

  it('reports a changed value old → new at the moment it was noticed', () => {
    const after = state();
    after.settings.work_mem = { ...after.settings.work_mem, value: '8192', source: 'configuration file' };
    expect(detectChanges(state(), after, NOW)).toEqual([
      {
        at: NOW,
        kind: 'setting',
        summary: 'work_mem: 4MB → 8MB',
        detail: expect.objectContaining({ name: 'work_mem', from: '4MB', to: '8MB', fromRaw: '4096', toRaw: '8192' }),
      },
    ]);
  });

  it('flags a change waiting for a restart, whose value pg_settings does not show yet', () => {
    const after = state();
    after.settings.shared_buffers = { ...after.settings.shared_buffers, pendingRestart: true };
    const [change] = detectChanges(state(), after, NOW);
    expect(change.summary).toBe(
      'shared_buffers changed in the configuration; takes effect after a restart (now 128MB)',
    );
    expect(change.detail.pendingRestart).toBe(true);
  });

  it('ignores a pending restart of a parameter given on the command line, which a restart would keep', () => {
    const before = state();
    before.settings.max_connections = { value: '200', unit: null, source: 'command line', pendingRestart: false };
    const after = state();
    after.settings.max_connections = { ...before.settings.max_connections, pendingRestart: true };
    expect(detectChanges(before, after, NOW)).toEqual([]);
  });

  it('reports a parameter that appeared or went (an extension preloaded or removed)', () => {
    const after = state();
    after.settings['pg_stat_statements.max'] = { value: '5000', unit: null, source: 'default', pendingRestart: false };
    delete after.settings.log_line_prefix;
    expect(detectChanges(state(), after, NOW).map((change) => change.summary)).toEqual([
      'log_line_prefix: %m [%p]  → (gone)',
      'pg_stat_statements.max: (not set) → 5000',
    ]);
  });

  it('reports a restart at the new start time, a failover when noticed, and resets at their own times', () => {
    const after = state({
      startedAt: '2031-06-01T03:05:00.000Z',
      inRecovery: true,
      databaseStatsReset: '2031-06-01T03:06:00.000Z',
      statementsStatsReset: '2031-06-01T03:07:00.000Z',
    });
    expect(detectChanges(state(), after, NOW).map(({ at, kind, summary }) => ({ at, kind, summary }))).toEqual([
      { at: new Date('2031-06-01T03:05:00Z'), kind: 'restart', summary: 'Server restarted at 2031-06-01 03:05:00 UTC' },
      { at: NOW, kind: 'role', summary: 'Became a replica (in recovery)' },
      {
        at: new Date('2031-06-01T03:07:00Z'),
        kind: 'stats_reset',
        summary: 'Query statistics reset (pg_stat_statements)',
      },
      {
        at: new Date('2031-06-01T03:06:00Z'),
        kind: 'stats_reset',
        summary: 'Database statistics reset (pg_stat_database)',
      },
    ]);
    expect(detectChanges(after, state({ ...after, inRecovery: false }), NOW)[0].summary).toBe(
      'Promoted to primary (left recovery)',
    );
  });

  it('does not call a reset time that disappeared (an older pg_stat_statements) a reset', () => {
    expect(detectChanges(state(), state({ statementsStatsReset: null }), NOW)).toEqual([]);
  });
});
