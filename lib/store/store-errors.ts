/**
 * What a user sees when a call of the console store fails: while the store is unreachable, one clear message
 * naming the outage and since when; for a timeout, what timed out — instead of a driver error (or a generic
 * "something went wrong" with a log line per request).
 */
import { AppError, timeoutError } from '../errors';
import { describeStoreOutage } from './describe-outage';
import { getStoreOutage } from './outage';

/**
 * An error a user may be shown as it is: an AppError, a statement cancelled for a timeout, or — when the console
 * store is known to be down — any failure, told as that outage (a driver error would say less). Null otherwise.
 */
export function knownError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  const timedOut = timeoutError(error);
  if (timedOut) return timedOut;
  const outage = getStoreOutage();
  if (!outage) return null;
  return new AppError(
    'database_unavailable',
    `${describeStoreOutage(outage)}; this needs it, and is shown again when it answers.`,
    { cause: error },
  );
}
