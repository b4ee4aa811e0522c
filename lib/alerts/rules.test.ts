/**
 * The console's rules and prometheus/database.rules.yml must not drift apart: the same alerts, `for` durations,
 * severities and default thresholds.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getEnv } from '../env';
import { ALERT_RULES } from './rules';

interface FileRule {
  alert: string;
  expr: string;
  forSeconds: number;
  severity: string;
}

function readRulesFile(): FileRule[] {
  const text = readFileSync('prometheus/database.rules.yml', 'utf8');
  return text
    .split(/\n\s*- alert: /)
    .slice(1)
    .map((block) => {
      const duration = /\n\s*for: (\d+)([sm])/.exec(block)!;
      return {
        alert: block.split('\n')[0].trim(),
        expr: /\n\s*expr: (.+)/.exec(block)![1].trim(),
        forSeconds: Number(duration[1]) * (duration[2] === 'm' ? 60 : 1),
        severity: /\n\s*severity: (\w+)/.exec(block)![1],
      };
    });
}

describe('alert rules', () => {
  const file = readRulesFile();
  const defaults = getEnv({ DATABASE_URL: 'postgresql://u@h/db' });

  it('are the rules of the Prometheus file, with the same for and severity', () => {
    expect(ALERT_RULES.map((rule) => [rule.name, rule.forSeconds, rule.severity])).toEqual(
      file.map((rule) => [rule.alert, rule.forSeconds, rule.severity]),
    );
  });

  it("use the file's thresholds as the ALERT_* defaults", () => {
    const threshold = (alert: string, pattern = /[<>] ([\d.]+)$/) =>
      Number(pattern.exec(file.find((rule) => rule.alert === alert)!.expr)![1]);
    expect(threshold('HighConnectionCount')).toBe(defaults.ALERT_CONNECTIONS);
    expect(threshold('SlowQueries')).toBe(defaults.ALERT_SLOW_QUERIES);
    expect(threshold('LowCacheHitRatio', /pg_cache_hit_ratio < ([\d.]+)/)).toBe(defaults.ALERT_CACHE_HIT_RATIO);
    expect(threshold('LowCacheHitRatio', /pg_cache_heap_blocks_accessed >= (\d+)$/)).toBe(
      defaults.ALERT_CACHE_HIT_MIN_BLOCKS,
    );
    expect(threshold('ReplicationLagHigh')).toBe(defaults.ALERT_REPLICATION_LAG_SECONDS);
    expect(file.find((rule) => rule.alert === 'PostgreSQLDown')!.expr).toBe('pg_up == 0');
  });
});
