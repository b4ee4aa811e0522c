'use client';
import { useState } from 'react';
import { resetStatements } from '@/lib/actions/queries/reset-statements';
import { useConfirmedAction } from '@/lib/client/use-confirmed-action';

export function ResetStatementsButton({ target }: { target: string }) {
  const { pending, error, run } = useConfirmedAction();
  const [resetAt, setResetAt] = useState<string | null>(null);
  const message = error ?? (resetAt && `Statistics reset at ${resetAt}.`);
  return (
    <span>
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          run(() => resetStatements(target), {
            confirm: `Reset pg_stat_statements for the whole of ${target}? All collected query statistics are discarded.`,
            onSuccess: (data) => setResetAt(data.resetAt),
          })
        }
      >
        Reset statistics
      </button>
      {message && <span role="status"> {message}</span>}
    </span>
  );
}
