import { describe, expect, it } from 'vitest';
import { countAppliedMigrations } from './migrations';

describe('countAppliedMigrations', () => {
  it('counts the directories of the tree prisma migrate deploy prints after applying', () => {
    const output = [
      '[migrate console] 7 migrations found in prisma/migrations',
      '[migrate console] The following migration(s) have been applied:',
      '[migrate console] migrations/',
      '[migrate console]   └─ 20261126000001_console_init/',
      '[migrate console]     └─ migration.sql',
      '[migrate console]   └─ 20261126010000_metric_samples/',
      '[migrate console]     └─ migration.sql',
      '[migrate console] All migrations have been successfully applied.',
    ];
    expect(countAppliedMigrations(output)).toBe(2);
  });

  it('counts none when nothing was pending', () => {
    expect(
      countAppliedMigrations(['1 migration found in prisma/app-migrations', 'No pending migrations to apply.']),
    ).toBe(0);
  });
});
