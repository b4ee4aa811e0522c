/**
 * Errors a user may see. `userMessage` says what went wrong and what to do; it never carries a secret.
 * Anything else is logged (redacted) and shown as a generic failure.
 */
import { redactConnectionString } from './config/connection-string';

export type AppErrorCode =
  | 'unauthenticated'
  | 'forbidden'
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'throttled'
  | 'database_unavailable'
  | 'query_timeout'
  | 'query_failed'
  | 'extension_missing'
  /** A row from the database did not fit the row schema it is parsed with (lib/pg/rows.ts). */
  | 'unexpected_row'
  | 'disabled'
  | 'insufficient_privilege'
  /** Backup storage (a directory or an S3 bucket) could not be read or written. */
  | 'storage_unavailable'
  /** Anything the console did not foresee: the user sees a generic message, the log the detail. */
  | 'internal';

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    readonly userMessage: string,
    options?: { cause?: unknown },
  ) {
    super(userMessage, options);
    this.name = 'AppError';
  }
}

/**
 * The HTTP status each code is answered with by route handlers (docs/http-api.md). Chosen here, never by hand in a
 * route: 5xx for what the server or a system behind it failed at, 4xx for what the caller can change.
 */
export const HTTP_STATUS: Record<AppErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  // A feature this deployment turned off (ALLOW_BACKEND_SIGNALS, TARGETS_SECRET_KEY): no caller may use it.
  disabled: 403,
  not_found: 404,
  conflict: 409,
  throttled: 429,
  // The console's own role or the server lacks something: the caller can do nothing about it.
  insufficient_privilege: 500,
  extension_missing: 500,
  query_failed: 500,
  unexpected_row: 500,
  internal: 500,
  storage_unavailable: 502,
  database_unavailable: 503,
  query_timeout: 504,
};

/** The one JSON shape route handlers answer an error with. */
export interface ErrorBody {
  error: { code: AppErrorCode; message: string };
}

export function errorBody(error: AppError): ErrorBody {
  return { error: { code: error.code, message: error.userMessage } };
}

/** What a caller is told of a failure the console did not expect; the detail goes to the log. */
export const INTERNAL_MESSAGE = 'Something went wrong on the server; the details are in its log.';

/**
 * A route handler's answer to any failure: an AppError keeps its code and message; anything else is logged
 * (secrets removed) and answered as `internal`, so a driver's text never reaches the caller. The status comes from
 * the code (HTTP_STATUS). Callers that can say more first turn the error into an AppError (toAppError in
 * lib/pg/sqlstate.ts for a database error, knownError in lib/store/store-errors.ts for the console store).
 */
export function errorResponse(error: unknown, init: { headers?: HeadersInit } = {}): Response {
  let appError: AppError;
  if (error instanceof AppError) appError = error;
  else {
    console.error(`route handler failed: ${redactSecrets(errorMessage(error))}`);
    appError = new AppError('internal', INTERNAL_MESSAGE, { cause: error });
  }
  return Response.json(errorBody(appError), { status: HTTP_STATUS[appError.code], headers: init.headers });
}

/** A message safe for logs: connection-string passwords masked, and any extra known secrets removed. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let redacted = redactConnectionString(text);
  for (const secret of secrets) {
    if (secret && secret.length >= 4) redacted = redacted.split(secret).join('****');
  }
  return redacted;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What a user may read about a failure: an AppError's own message, anything else with secrets removed. */
export function userFacingMessage(error: unknown, secrets: readonly (string | undefined)[] = []): string {
  return error instanceof AppError ? error.userMessage : redactSecrets(errorMessage(error), secrets);
}

/**
 * What kind of connection failure `error` is, in words that reveal nothing about the server (no host, address, user
 * or database): for public answers such as /api/health. The detail stays in the log and on signed-in pages.
 */
export function connectionFailureKind(error: unknown): string {
  const cause = error instanceof AppError && error.cause !== undefined ? error.cause : error;
  const code = (cause as { code?: string } | null)?.code;
  const message = errorMessage(cause);
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'host unreachable';
  if (code === 'ETIMEDOUT' || /timeout/i.test(message)) return 'timed out';
  if (code === '28P01' || code === '28000') return 'authentication failed';
  if (code === '57P03') return 'starting up or shutting down';
  if (code === '53300') return 'too many connections';
  if (code === 'ECONNRESET' || code === '57P01' || /terminat/i.test(message)) return 'connection lost';
  return 'unreachable';
}

/**
 * A statement the server cancelled for a timeout, as the AppError a user should see. Prisma passes the server's
 * message on inside its own error, so the message is what is recognised (SQLSTATE 55P03 lock_not_available,
 * 57014 query_canceled for statement_timeout). Null for anything else.
 */
export function timeoutError(error: unknown): AppError | null {
  const message = errorMessage(error);
  if (/lock timeout|55P03/.test(message)) {
    return new AppError(
      'query_timeout',
      'Another transaction (the application, most likely) holds a lock on this; nothing was changed. Try again in a moment.',
      { cause: error },
    );
  }
  if (/statement timeout|57014/.test(message)) {
    return new AppError(
      'query_timeout',
      'The database took longer than the console allows and the statement was cancelled; nothing was changed.',
      { cause: error },
    );
  }
  return null;
}
