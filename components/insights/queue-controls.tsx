'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { changeScheduledItem } from '@/lib/actions/tables/change-scheduled-item';
import { setSegmentActive } from '@/lib/actions/tables/set-segment-active';

function useConfirmedAction() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const run = (question: string, action: () => Promise<{ ok: boolean; message?: string }>) => {
    if (!window.confirm(question)) return;
    startTransition(async () => {
      const result = await action();
      setError(result.ok ? null : (result.message ?? 'Failed.'));
      router.refresh();
    });
  };
  return { pending, error, run };
}

/** Operator controls for a failed or pending scheduled item. */
export function ScheduledItemControls({ id, status }: { id: number; status: string }) {
  const { pending, error, run } = useConfirmedAction();
  return (
    <span className="toolbar" style={{ margin: 0 }}>
      {status === 'failed' && (
        <button
          type="button"
          disabled={pending}
          onClick={() =>
            run(`Retry item ${id}? It goes back to pending with one more retry.`, () =>
              changeScheduledItem({ id, change: 'retry' }),
            )
          }
        >
          Retry
        </button>
      )}
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          run(`Cancel item ${id}? It will not be published.`, () => changeScheduledItem({ id, change: 'cancel' }))
        }
      >
        Cancel
      </button>
      {error && (
        <span role="alert" className="field-error">
          {error}
        </span>
      )}
    </span>
  );
}

/** Operator control to activate or deactivate a segment. */
export function SegmentToggle({ segmentId, active }: { segmentId: string; active: boolean }) {
  const { pending, error, run } = useConfirmedAction();
  const next = !active;
  return (
    <span>
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          run(`${next ? 'Activate' : 'Deactivate'} segment ${segmentId}?`, () =>
            setSegmentActive({ segmentId, active: next }),
          )
        }
      >
        {next ? 'Activate' : 'Deactivate'}
      </button>
      {error && (
        <span role="alert" className="field-error">
          {' '}
          {error}
        </span>
      )}
    </span>
  );
}
