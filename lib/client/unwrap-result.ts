import type { ActionResult } from '@/lib/actions/result';

/** An action's refusal as an Error, so React Query holds it: the message a user can act on, and per-field errors. */
export class ActionFailure extends Error {
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message);
  }
}

/** The data of an action's result, or its refusal thrown as an ActionFailure (for a query or mutation function). */
export function unwrapResult<T>(result: ActionResult<T>): T {
  if (!result.ok) throw new ActionFailure(result.message, result.fieldErrors);
  return result.data;
}
