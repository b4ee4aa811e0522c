/**
 * Item 7: monitoring and alerts configured — the console's own sampler has a recent sample, and the alert
 * thresholds of the guide's rules (HighConnectionCount, SlowQueries, cache hit, replication lag) are set.
 */
import 'server-only';
import type { Env } from '../../env';
import { formatDuration } from '../../format';
import { isSampleFresh } from '../../monitoring/freshness';
import { findLatestSample } from '../../sampler/store';
import type { Evidence, EvidenceFact } from '../types';

export async function checkMonitoring(env: Env, now = new Date()): Promise<Evidence> {
  const latest = await findLatestSample();
  const ageSeconds = latest ? (now.getTime() - Date.parse(latest.takenAt)) / 1000 : null;
  // The same rule as /api/metrics' pg_up: an old sample means the sampler is not running or cannot reach the server.
  const fresh = latest !== null && isSampleFresh(latest.takenAt, env.SAMPLE_INTERVAL_SECONDS, now);
  const facts: EvidenceFact[] = [
    {
      label: 'Latest sample',
      value: latest
        ? `${latest.takenAt} (${formatDuration(Math.max(0, ageSeconds!))} ago; every ${env.SAMPLE_INTERVAL_SECONDS} s)`
        : 'none yet',
      status: fresh ? 'pass' : 'fail',
    },
    { label: 'Connections alert above', value: String(env.ALERT_CONNECTIONS), status: 'pass' },
    {
      label: 'Slow queries alert above',
      value: `${env.ALERT_SLOW_QUERIES} (slower than ${env.SLOW_QUERY_MS} ms)`,
      status: 'pass',
    },
    { label: 'Long-running query threshold', value: `${env.LONG_RUNNING_SECONDS} s`, status: 'pass' },
    { label: 'Cache hit ratio alert below', value: String(env.ALERT_CACHE_HIT_RATIO), status: 'pass' },
    { label: 'Replication lag alert above', value: `${env.ALERT_REPLICATION_LAG_SECONDS} s`, status: 'pass' },
  ];
  return fresh
    ? {
        status: 'pass',
        summary: `The sampler recorded a sample ${formatDuration(Math.max(0, ageSeconds!))} ago and the guide's alert thresholds are set.`,
        facts,
      }
    : {
        status: 'fail',
        summary: latest
          ? `The newest sample is ${formatDuration(ageSeconds!)} old: the sampler is not running or cannot reach the database.`
          : 'The sampler has not recorded any sample.',
        facts,
      };
}
