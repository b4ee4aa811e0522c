/**
 * In-console alerting, run by each process's sampler over what its own attempts judged (it samples only the targets
 * its shard owns): step the book's open episodes (lib/alerts/book.ts, lib/alerts/transitions.ts) and notify the
 * webhook of what fired or resolved. The
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

/** Which episodes one process's sampler may change, and which targets are still watched. */
export interface AlertScope {
  /**
   * Every target still watched, the whole deployment's (and the console processes' own pseudo-targets): an episode
   * whose target is missing ends. Null when the list could not be read in full.
   */
  listed: ReadonlySet<string> | null;
  /**
   * Whether this process steps the episodes of `target`: those of its own targets, and of removed targets and gone
   * processes that its shard owns by name — so exactly one process ends each, and notifies once.
   */
  steps(target: string): boolean;
}

/** Steps every rule on `readings` in `book`; returns a promise of the notifications, for tests to await. */
export function evaluateAlerts(
  book: AlertBook,
  readings: readonly TargetReading[],
  scope: AlertScope,
  now = new Date(),
): { notified: Promise<void> } {
  const open = book.open().filter((episode) => scope.steps(episode.target));
  const transitions = stepAlerts(ALERT_RULES, readings, open, configuredThresholds(getEnv()), now, scope.listed);
  const changed = book.apply(transitions, now);
  const notified = Promise.all(changed.map((change) => notifyInOrder(change, book))).then(() => undefined);
  return { notified };
}
