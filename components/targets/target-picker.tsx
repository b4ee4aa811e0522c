'use client';
import { selectTarget } from '@/lib/actions/targets/select-target';
import { useConfirmedAction } from '@/lib/client/use-confirmed-action';
import { ActionError } from '../ui/action-error';

/** The shell's target picker: every monitoring report shows the picked server. */
export function TargetPicker({
  targets,
  selected,
}: {
  targets: { name: string; label: string; title: string }[];
  selected: string;
}) {
  const { pending, error, run } = useConfirmedAction();
  return (
    <label className="target-picker">
      Reports on
      <select
        value={selected}
        disabled={pending}
        onChange={(event) => {
          const name = event.target.value;
          run(() => selectTarget(name));
        }}
      >
        {targets.map((target) => (
          <option key={target.name} value={target.name} title={target.title}>
            {target.label}
          </option>
        ))}
      </select>
      <ActionError message={error} />
    </label>
  );
}
