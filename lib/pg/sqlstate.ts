/**
 * Driver errors (SQLSTATE and socket codes) as the AppError a user can act on, with every password the console
 * connects with removed from the text. The one place raw database failures are classified: lib/pg/client.ts for
 * its queries, pages and route handlers for anything they caught.
 */
import 'server-only';
import { getDatabaseConnection } from '../env';
import { AppError, errorMessage, redactSecrets } from '../errors';

// Kept across hot reloads with the pools that registered them (lib/pg/client.ts).
const globalForPasswords = globalThis as unknown as { knownPasswords?: Set<string> };
/** Every password a pool was made with, removed from any error text whatever target it came from. */
const knownPasswords = (globalForPasswords.knownPasswords ??= new Set());

/** Called by lib/pg/client.ts for each pool it makes. */
export function rememberPassword(password: string | undefined): void {
  if (password) knownPasswords.add(password);
}

/** `text` without any password a monitoring pool was made with. */
export function redactKnownPasswords(text: string): string {
  return redactSecrets(text, [...knownPasswords]);
}

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'EAI_AGAIN',
]);

/** Maps any failure onto what a user can act on; an AppError is returned as it is. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const code = (error as { code?: string }).code;
  const message = redactSecrets(errorMessage(error), [getDatabaseConnectionSafe()?.password, ...knownPasswords]);
  if (code === '57014') {
    return new AppError('query_timeout', 'The query took longer than the console allows and was cancelled.', {
      cause: error,
    });
  }
  if (code === '55P03') {
    return new AppError('query_timeout', 'The query waited too long for a lock and was cancelled.', { cause: error });
  }
  if (code === '42501') {
    return new AppError('insufficient_privilege', `The monitoring role lacks a privilege: ${message}`, {
      cause: error,
    });
  }
  if (
    (code && CONNECTION_ERROR_CODES.has(code)) ||
    /timeout exceeded when trying to connect|Connection terminated/i.test(message)
  ) {
    return new AppError('database_unavailable', `The database cannot be reached (${code ?? message}).`, {
      cause: error,
    });
  }
  if (code?.startsWith('08') || code === '57P01' || code === '57P03' || code === '53300') {
    return new AppError('database_unavailable', `The database refused the connection: ${message}`, { cause: error });
  }
  return new AppError('query_failed', `The database returned an error: ${message}`, { cause: error });
}

function getDatabaseConnectionSafe() {
  try {
    return getDatabaseConnection();
  } catch {
    return undefined;
  }
}
