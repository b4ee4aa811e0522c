'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { removeTarget } from '@/lib/actions/targets/remove-target';

export function RemoveTargetButton({ id, name }: { id: number; name: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        disabled={pending}
        onClick={() => {
          if (!window.confirm(`Stop watching ${name}? Its samples stay until retention removes them.`)) return;
          startTransition(async () => {
            const result = await removeTarget(id);
            setMessage(result.ok ? null : result.message);
            router.refresh();
          });
        }}
      >
        Remove {name}
      </button>
      {message && (
        <span role="alert" className="field-error">
          {message}
        </span>
      )}
    </>
  );
}
