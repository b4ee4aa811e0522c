/**
 * One round of in-console alerting, run by the sampler after it has sampled every target: step the open
 * episodes (lib/alerts/transitions.ts), record the round, and notify the webhook of what fired or resolved.
 * Notifications run after the commit and in the background, so a slow receiver never delays sampling.
 */
import 'server-only';
import { getEnv } from '../env';
import { redactSecrets } from '../errors';
import { configuredThresholds } from '../monitoring/thresholds';
import { ALERT_RULES, type TargetReading } from './rules';
import { applyTransitions, findEpisode, findOpenEpisodes, recordDelivery, type EpisodeChange } from './store';
import { stepAlerts } from './transitions';
import { describeDelivery, postNotification } from './webhook';

async function notify({ id, status }: EpisodeChange): Promise<void> {
  const env = getEnv();
  if (!env.ALERT_WEBHOOK_URL) return;
  const episode = await findEpisode(id);
  const outcome = await postNotification(
    env.ALERT_WEBHOOK_URL,
    {
      status,
      alert: episode.rule,
      target: episode.target,
      severity: episode.severity,
      summary: episode.summary,
      value: episode.value,
      startsAt: episode.firedAt ?? episode.startedAt,
      endsAt: status === 'resolved' ? episode.resolvedAt : null,
    },
    { attempts: env.ALERT_WEBHOOK_ATTEMPTS, backoffMs: env.ALERT_WEBHOOK_BACKOFF_MS },
  );
  await recordDelivery(id, `${status}: ${describeDelivery(outcome)}`);
}

/**
 * Each episode's notifications, in order: a resolution is sent only after its firing notification has been
 * delivered or given up, so a receiver never sees "resolved" before "firing".
 */
const deliveries = new Map<bigint, Promise<void>>();

function notifyInOrder(change: EpisodeChange): Promise<void> {
  const previous = deliveries.get(change.id) ?? Promise.resolve();
  const next = previous
    .then(() => notify(change))
    .catch((error) => console.warn(`alert webhook: ${redactSecrets(String(error), [getEnv().ALERT_WEBHOOK_URL])}`))
    .finally(() => {
      if (deliveries.get(change.id) === next) deliveries.delete(change.id);
    });
  deliveries.set(change.id, next);
  return next;
}

/** Steps every rule for every target; returns a promise of the notifications, for tests to await. */
export async function evaluateAlerts(readings: readonly TargetReading[], complete: boolean, now = new Date()): Promise<{ notified: Promise<void> }> {
  const transitions = stepAlerts(ALERT_RULES, readings, await findOpenEpisodes(), configuredThresholds(getEnv()), now, complete);
  const changed = await applyTransitions(transitions, now);
  const notified = Promise.all(changed.map(notifyInOrder)).then(() => undefined);
  return { notified };
}
