'use client';
import { changeScheduledItem } from '@/lib/actions/tables/change-scheduled-item';
import { setSegmentActive } from '@/lib/actions/tables/set-segment-active';
import { useConfirmedAction } from '@/lib/client/use-confirmed-action';
import { ActionError } from '../ui/action-error';

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
            run(() => changeScheduledItem({ id, change: 'retry' }), {
              confirm: `Retry item ${id}? It goes back to pending with one more retry.`,
            })
          }
        >
          Retry
        </button>
      )}
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          run(() => changeScheduledItem({ id, change: 'cancel' }), {
            confirm: `Cancel item ${id}? It will not be published.`,
          })
        }
      >
        Cancel
      </button>
      <ActionError message={error} />
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
          run(() => setSegmentActive({ segmentId, active: next }), {
            confirm: `${next ? 'Activate' : 'Deactivate'} segment ${segmentId}?`,
          })
        }
      >
        {next ? 'Activate' : 'Deactivate'}
      </button>
      <ActionError message={error} />
    </span>
  );
}
