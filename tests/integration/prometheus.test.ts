/**
 * Prometheus: the shipped rules pass `promtool check rules` and their unit tests (`promtool test rules`), and the
 * console's exposition of a real sample parses under `promtool check metrics` (its only lint findings are the two
 * postgres_exporter names the guide's rules use), with values equal to what SQL returns.
 * promtool comes from Debian's prometheus package. Run once (PostgreSQL 15 project).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { renderExposition } from '@/lib/metrics/exposition';
import { takeSample } from '@/lib/sampler/sample';
import { sqlValue } from '../support/sql';

const once = inject('postgresMajor') === 15;
const RULES_DIR = path.resolve('prometheus');

/** The value of one series in an exposition, by name and a label subset. */
function seriesValue(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`)))
      return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe.runIf(once)('Prometheus', () => {
  it('ships rules that promtool accepts and whose unit tests pass', () => {
    expect(execFileSync('promtool', ['check', 'rules', 'database.rules.yml'], { cwd: RULES_DIR }).toString()).toContain(
      'SUCCESS: 7 rules found',
    );
    expect(
      execFileSync('promtool', ['test', 'rules', 'database.rules.test.yml'], { cwd: RULES_DIR }).toString(),
    ).toContain('SUCCESS');
  });

  it('exposes a real sample that promtool check metrics accepts, with figures equal to SQL', async () => {
    const sample = await takeSample();
    const text = renderExposition([{ target: 'primary', up: true, sample }]);
    // promtool parses the whole text (a parse error exits 1) and lints names. Two names are postgres_exporter's,
    // kept because the guide's rules and common dashboards use them; the lint's only objections must be those.
    const lint = spawnSync('promtool', ['check', 'metrics'], { input: text });
    const problems = (lint.stderr.toString() + lint.stdout.toString()).trim().split('\n').filter(Boolean);
    expect(problems).toEqual([
      'pg_locks_count non-histogram and non-summary metrics should not have "_count" suffix',
      'pg_stat_activity_count non-histogram and non-summary metrics should not have "_count" suffix',
    ]);
    expect(lint.status).toBe(3); // 3: lint findings only; 1 would be a parse error

    const datname = await sqlValue<string>('SELECT current_database()');
    expect(seriesValue(text, 'pg_up', { target: 'primary' })).toBe(1);
    expect(seriesValue(text, 'pg_settings_max_connections', { target: 'primary' })).toBe(
      Number(await sqlValue<string>('SHOW max_connections')),
    );
    // Database size changes only with writes, which nothing does between the sample and this query.
    expect(seriesValue(text, 'pg_database_size_bytes', { target: 'primary', datname })).toBe(
      Number(await sqlValue<string>('SELECT pg_database_size(current_database())')),
    );
    expect(seriesValue(text, 'pg_locks_count', { datname, mode: 'accessexclusivelock' })).toBeGreaterThanOrEqual(0);
    expect(text).toContain(`pg_stat_activity_count{target="primary",datname="${datname}",state=`);
    expect(text).toMatch(/^pg_stat_database_xact_commit\{target="primary",datname="[^"]+"\} \d+/m);
  });

  it('reports a target whose sampling failed as down, with no figures', () => {
    const text = renderExposition([{ target: 'primary', up: false, sample: null }]);
    expect(text).toBe(
      '# HELP pg_up Whether the last sampling round reached the server (1) or not (0)\n# TYPE pg_up gauge\npg_up{target="primary"} 0\n',
    );
  });
});
