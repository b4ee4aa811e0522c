'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { selectTarget } from '@/lib/actions/targets/select-target';

/** The shell's target picker: every monitoring report shows the picked server. */
export function TargetPicker({
  targets,
  selected,
}: {
  targets: { name: string; label: string; title: string }[];
  selected: string;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <label className="target-picker">
      Reports on
      <select
        value={selected}
        disabled={pending}
        onChange={(event) => {
          const name = event.target.value;
          startTransition(async () => {
            const result = await selectTarget(name);
            setError(result.ok ? null : result.message);
            if (result.ok) router.refresh();
          });
        }}
      >
        {targets.map((target) => (
          <option key={target.name} value={target.name} title={target.title}>
            {target.label}
          </option>
        ))}
      </select>
      {error && (
        <span role="alert" className="field-error">
          {error}
        </span>
      )}
    </label>
  );
}
