'use client';
import { setInsightsStopped } from '@/lib/actions/tables/set-insights-stopped';
import { useConfirmedAction } from '@/lib/client/use-confirmed-action';
import { ActionError } from '../ui/action-error';

/** Stop or resume a table's insights build and upkeep (operator). */
export function RollupControls({ table, stopped }: { table: string; stopped: boolean }) {
  const { pending, error, run } = useConfirmedAction();
  return (
    <span className="toolbar" style={{ margin: 0 }}>
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          run(() => setInsightsStopped({ table, stopped: !stopped }), {
            confirm: stopped
              ? `Resume the insights of ${table}? The build goes on where it stopped.`
              : `Stop the insights of ${table}? Nothing is read from the table until they are resumed; the figures stay as they are now.`,
          })
        }
      >
        {stopped ? 'Resume insights' : 'Stop insights'}
      </button>
      <ActionError message={error} />
    </span>
  );
}
