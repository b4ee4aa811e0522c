/**
 * One round of in-console alerting, run by the sampler after it has sampled every target: step the book's open
 * episodes (lib/alerts/book.ts, lib/alerts/transitions.ts) and notify the webhook of what fired or resolved. The
 * sampler writes the book's changes to the store with the rest of the round (lib/sampler/round-writes.ts), so
 * neither the stepping nor the notifications wait for the console store: they go on while it is unreachable.
 * Notifications run in the background, so a slow receiver never delays sampling.
 */
import 'server-only';
import { getPrisma } from '../db';
import { getEnv } from '../env';
import { redactSecrets } from '../errors';
import { configuredThresholds } from '../monitoring/thresholds';
import type { AlertBook, EpisodeChange } from './book';
import { ALERT_RULES, type TargetReading } from './rules';
import { writeBookChanges } from './store';
import { stepAlerts } from './transitions';
import { describeDelivery, postNotification } from './webhook';

async function notify({ episode, status }: EpisodeChange, book: AlertBook): Promise<void> {
  const env = getEnv();
  if (!env.ALERT_WEBHOOK_URL) return;
  const outcome = await postNotification(
    env.ALERT_WEBHOOK_URL,
    {
      status,
      alert: episode.rule,
      target: episode.target,
      severity: episode.severity,
      summary: episode.summary,
      value: episode.value,
      startsAt: (episode.firedAt ?? episode.startedAt).toISOString(),
      endsAt: status === 'resolved' ? (episode.resolvedAt?.toISOString() ?? null) : null,
    },
    { attempts: env.ALERT_WEBHOOK_ATTEMPTS, backoffMs: env.ALERT_WEBHOOK_BACKOFF_MS },
  );
  book.recordDelivery(episode, `${status}: ${describeDelivery(outcome)}`);
  // Shown at once when the store answers; otherwise written with the next round that reaches it.
  await book
    .exclusive(async () => (await getPrisma().$transaction((tx) => writeBookChanges(book, tx)))())
    .catch(() => undefined);
}

/**
 * Each episode's notifications, in order: a resolution is sent only after its firing notification has been
 * delivered or given up, so a receiver never sees "resolved" before "firing".
 */
function notifyInOrder(change: EpisodeChange, book: AlertBook): Promise<void> {
  return book.inOrder(change.episode.localId, () =>
    notify(change, book).catch((error) =>
      console.warn(`alert webhook: ${redactSecrets(String(error), [getEnv().ALERT_WEBHOOK_URL])}`),
    ),
  );
}

/** Steps every rule for every target in `book`; returns a promise of the notifications, for tests to await. */
export function evaluateAlerts(
  book: AlertBook,
  readings: readonly TargetReading[],
  complete: boolean,
  now = new Date(),
): { notified: Promise<void> } {
  const transitions = stepAlerts(ALERT_RULES, readings, book.open(), configuredThresholds(getEnv()), now, complete);
  const changed = book.apply(transitions, now);
  const notified = Promise.all(changed.map((change) => notifyInOrder(change, book))).then(() => undefined);
  return { notified };
}
