/**
 * One round of in-console alerting, run by the sampler after it has sampled every target: step the open
 * episodes (lib/alerts/transitions.ts), record the round, and notify the webhook of what fired or resolved.
 * Notifications run after the commit and in the background, so a slow receiver never delays sampling.
 */
import 'server-only';
import { getEnv } from '../env';
import { redactSecrets } from '../errors';
import { ALERT_RULES, type AlertThresholds, type TargetReading } from './rules';
import { applyTransitions, findEpisode, findOpenEpisodes, recordDelivery } from './store';
import { stepAlerts } from './transitions';
import { describeDelivery, postNotification } from './webhook';

export function alertThresholds(): AlertThresholds {
  const env = getEnv();
  return {
    connections: env.ALERT_CONNECTIONS,
    slowQueries: env.ALERT_SLOW_QUERIES,
    cacheHitRatio: env.ALERT_CACHE_HIT_RATIO,
    replicationLagSeconds: env.ALERT_REPLICATION_LAG_SECONDS,
  };
}

async function notify(id: bigint): Promise<void> {
  const env = getEnv();
  if (!env.ALERT_WEBHOOK_URL) return;
  const episode = await findEpisode(id);
  const outcome = await postNotification(
    env.ALERT_WEBHOOK_URL,
    {
      status: episode.state === 'resolved' ? 'resolved' : 'firing',
      alert: episode.rule,
      target: episode.target,
      severity: episode.severity,
      summary: episode.summary,
      value: episode.value,
      startsAt: episode.firedAt ?? episode.startedAt,
      endsAt: episode.resolvedAt,
    },
    { attempts: env.ALERT_WEBHOOK_ATTEMPTS, backoffMs: env.ALERT_WEBHOOK_BACKOFF_MS },
  );
  await recordDelivery(id, `${episode.state === 'resolved' ? 'resolved' : 'firing'}: ${describeDelivery(outcome)}`);
}

/** Steps every rule for every target; returns a promise of the notifications, for tests to await. */
export async function evaluateAlerts(readings: readonly TargetReading[], now = new Date()): Promise<{ notified: Promise<void> }> {
  const transitions = stepAlerts(ALERT_RULES, readings, await findOpenEpisodes(), alertThresholds(), now);
  const changed = await applyTransitions(transitions, now);
  const notified = Promise.all(
    changed.map((id) => notify(id).catch((error) => console.warn(`alert webhook: ${redactSecrets(String(error), [getEnv().ALERT_WEBHOOK_URL])}`))),
  ).then(() => undefined);
  return { notified };
}
