'use client';
import { useState, useTransition } from 'react';
import { resetStatements } from '@/lib/actions/queries/reset-statements';

export function ResetStatementsButton({ target }: { target: string }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  return (
    <span>
      <button
        type="button"
        disabled={pending}
        onClick={() => {
          if (
            !window.confirm(
              `Reset pg_stat_statements for the whole of ${target}? All collected query statistics are discarded.`,
            )
          )
            return;
          startTransition(async () => {
            const result = await resetStatements(target);
            setMessage(result.ok ? `Statistics reset at ${result.data.resetAt}.` : result.message);
          });
        }}
      >
        Reset statistics
      </button>
      {message && <span role="status"> {message}</span>}
    </span>
  );
}
