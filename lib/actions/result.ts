/**
 * The typed result every server action returns (Next Learn's pattern): data, or a message a user can act on
 * with per-field errors. Unexpected errors are logged with secrets removed and shown generically.
 */
import type { z } from 'zod';
import { type AppErrorCode, errorMessage, INTERNAL_MESSAGE, redactSecrets } from '../errors';
import { knownError } from '../store/store-errors';

export type ActionResult<T> =
  { ok: true; data: T } | { ok: false; code: AppErrorCode; message: string; fieldErrors?: Record<string, string[]> };

export function invalidInput(error: z.ZodError): ActionResult<never> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const field = issue.path.join('.') || 'form';
    (fieldErrors[field] ??= []).push(issue.message);
  }
  return { ok: false, code: 'invalid_input', message: 'Some fields need attention.', fieldErrors };
}

export function toActionFailure(error: unknown): ActionResult<never> {
  const known = knownError(error);
  if (known) return { ok: false, code: known.code, message: known.userMessage };
  console.error(`server action failed: ${redactSecrets(errorMessage(error))}`);
  return { ok: false, code: 'internal', message: INTERNAL_MESSAGE };
}
