'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ActionResult } from '@/lib/actions/result';

export const BACKUPS_QUERY_KEY = ['backups'] as const;

export class ActionFailure extends Error {
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message);
  }
}

/** A Backups-page write: its refusal message (and per-field errors) shown as returned, the page refreshed after. */
export function useBackupMutation<Input, Output>(action: (input: Input) => Promise<ActionResult<Output>>) {
  const queryClient = useQueryClient();
  return useMutation<Output, ActionFailure, Input>({
    mutationFn: async (input) => {
      const result = await action(input);
      if (!result.ok) throw new ActionFailure(result.message, result.fieldErrors);
      return result.data;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: BACKUPS_QUERY_KEY }),
  });
}

export function FieldError({ failure, field }: { failure: ActionFailure | null; field: string }) {
  const messages = failure?.fieldErrors[field];
  if (!messages?.length) return null;
  return <span className="field-error">{messages.join(' ')}</span>;
}

/** A write's refusal, said where its control is. */
export function MutationError({ failure }: { failure: ActionFailure | null }) {
  if (!failure) return null;
  return (
    <span role="alert" className="field-error">
      {' '}
      {failure.message}
    </span>
  );
}
