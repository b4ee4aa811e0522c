/**
 * What a user sees when something that needs the console store fails while the store is unreachable: one clear
 * message naming the outage and since when, instead of a driver error (or a generic "something went wrong" with a
 * log line per request).
 */
import { AppError } from '../errors';
import { describeStoreOutage } from './describe-outage';
import { getStoreOutage } from './outage';

/**
 * An error a user may be shown as it is: an AppError, or — when the console store is known to be down — any
 * failure, told as that outage (a driver error from the store would say less). Null for anything else.
 */
export function knownError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  const outage = getStoreOutage();
  if (!outage) return null;
  return new AppError('database_unavailable', `${describeStoreOutage(outage)}; this needs it, and is shown again when it answers.`, { cause: error });
}
