/**
 * Alert notifications: one JSON POST per firing or resolved episode to ALERT_WEBHOOK_URL, retried with
 * exponential backoff (ALERT_WEBHOOK_BACKOFF_MS, doubling) up to ALERT_WEBHOOK_ATTEMPTS tries. A 2xx answer is
 * delivery; anything else, or no answer within 10 s, is a failed try.
 */
import { errorMessage } from '../errors';

export interface AlertNotification {
  status: 'firing' | 'resolved';
  alert: string;
  target: string;
  severity: string;
  summary: string;
  value: number | null;
  startsAt: string;
  endsAt: string | null;
}

export interface DeliveryOutcome {
  delivered: boolean;
  attempts: number;
  /** The last failure, for the alert's history; never includes the URL (it may carry a token). */
  lastError: string | null;
}

const REQUEST_TIMEOUT_MS = 10_000;

export async function postNotification(
  url: string,
  notification: AlertNotification,
  {
    attempts,
    backoffMs,
    sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms)),
  }: { attempts: number; backoffMs: number; sleep?: (ms: number) => Promise<unknown> },
): Promise<DeliveryOutcome> {
  let lastError: string | null = null;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'halcytone-db-console' },
        body: JSON.stringify(notification),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      await response.body?.cancel();
      if (response.ok) return { delivered: true, attempts: attempt, lastError: null };
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError =
        (error as { cause?: { code?: string } }).cause?.code ?? errorMessage(error).replaceAll(url, '<webhook>');
    }
    if (attempt < attempts) await sleep(backoffMs * 2 ** (attempt - 1));
  }
  return { delivered: false, attempts, lastError };
}

export function describeDelivery(outcome: DeliveryOutcome): string {
  return outcome.delivered
    ? `delivered after ${outcome.attempts} ${outcome.attempts === 1 ? 'try' : 'tries'}`
    : `not delivered after ${outcome.attempts} tries: ${outcome.lastError}`;
}
