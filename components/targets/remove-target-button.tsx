'use client';
import { removeTarget } from '@/lib/actions/targets/remove-target';
import { useConfirmedAction } from '@/lib/client/use-confirmed-action';
import { ActionError } from '../ui/action-error';

export function RemoveTargetButton({ id, name }: { id: number; name: string }) {
  const { pending, error, run } = useConfirmedAction();
  return (
    <>
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          run(() => removeTarget(id), {
            confirm: `Stop watching ${name}? Its samples stay until retention removes them.`,
          })
        }
      >
        Remove {name}
      </button>
      <ActionError message={error} />
    </>
  );
}
