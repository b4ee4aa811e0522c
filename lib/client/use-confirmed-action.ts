'use client';
/**
 * The rule: a button (or select) that runs one write — asking first when it has a question — uses this hook: the
 * write runs in a transition (the control is disabled meanwhile), its refusal is kept for the control to show with
 * <ActionError>, and what the page shows is refreshed: the server-rendered page (router.refresh), or, on a page
 * whose data React Query polls, the query keys given. A form with per-field validation uses useActionState and
 * <FieldError> instead (or lib/client/use-action-mutation.ts when React Query holds its page's data). Reads shown on
 * demand (Explain, Count exactly) change nothing and keep their result in their own state.
 */
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import type { ActionResult } from '@/lib/actions/result';

export interface ConfirmedActionOptions {
  /** Refetch these React Query keys after the write instead of refreshing the server-rendered page. */
  invalidates?: QueryKey;
}

export interface RunOptions<T> {
  /** Asked with window.confirm before anything runs; no question, no confirmation. */
  confirm?: string;
  onSuccess?: (data: T) => void;
}

/** A refusal in one sentence: the per-field messages when there are any (the control has no fields), else the message. */
function refusalOf(result: Extract<ActionResult<unknown>, { ok: false }>): string {
  return (result.fieldErrors && Object.values(result.fieldErrors).flat().join(' ')) || result.message;
}

export function useConfirmedAction({ invalidates }: ConfirmedActionOptions = {}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const run = <T>(action: () => Promise<ActionResult<T>>, { confirm, onSuccess }: RunOptions<T> = {}) => {
    if (confirm && !window.confirm(confirm)) return;
    startTransition(async () => {
      // A call that throws (the network, a server that went away) is shown beside the control like a refusal:
      // thrown inside a transition it would replace the whole page with the error boundary.
      const result = await action().catch((): ActionResult<T> => ({
        ok: false,
        code: 'internal',
        message: 'The console could not be reached; try again.',
      }));
      if (result.ok) {
        setError(null);
        onSuccess?.(result.data);
      } else setError(refusalOf(result));
      if (invalidates) await queryClient.invalidateQueries({ queryKey: invalidates });
      else router.refresh();
    });
  };
  /** Forgets the last refusal (a dialog reopened starts clean). */
  const clearError = () => setError(null);
  return { pending, error, run, clearError };
}
