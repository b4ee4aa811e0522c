'use client';
/**
 * The rule: a form on a page whose data React Query polls (the Backups page) submits through this hook: useMutation
 * over the action, its refusal thrown as an ActionFailure (message for <ActionError>, per-field messages for
 * <FieldError>), and the page's query keys invalidated once it settles, so the new run shows at once. A form on a
 * server-rendered page uses useActionState instead; a button that runs one write uses use-confirmed-action.ts.
 */
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import type { ActionResult } from '@/lib/actions/result';
import { ActionFailure, unwrapResult } from './unwrap-result';

export function useActionMutation<Input, Output>(
  action: (input: Input) => Promise<ActionResult<Output>>,
  { invalidates }: { invalidates: QueryKey },
) {
  const queryClient = useQueryClient();
  return useMutation<Output, ActionFailure, Input>({
    mutationFn: async (input) => unwrapResult(await action(input)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: invalidates }),
  });
}
