/**
 * What a user sees when something that needs the console store fails while the store is unreachable: one clear
 * message naming the outage and since when, instead of a driver error (or a generic "something went wrong" with a
 * log line per request).
 */
import { AppError } from '../errors';
import { describeStoreOutage, getStoreOutage } from './outage';

/** The outage as an AppError, when `error` is not already one and the console store is known to be down. */
export function storeOutageError(error: unknown): AppError | null {
  if (error instanceof AppError) return null;
  const outage = getStoreOutage();
  if (!outage) return null;
  return new AppError('database_unavailable', `${describeStoreOutage(outage)}; this needs it, and is shown again when it answers.`, { cause: error });
}
