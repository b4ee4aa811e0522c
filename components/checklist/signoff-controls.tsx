'use client';
import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import { changeSignoff } from '@/lib/actions/checklist/change-signoff';
import { recheckChecklist } from '@/lib/actions/checklist/recheck-checklist';
import { revokeSignoff } from '@/lib/actions/checklist/revoke-signoff';
import type { ActionResult } from '@/lib/actions/result';

function useAction() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const run = (action: () => Promise<ActionResult<unknown>>, after?: () => void) =>
    startTransition(async () => {
      const result = await action();
      if (result.ok) {
        setError(null);
        after?.();
      } else
        setError(
          result.fieldErrors ? Object.values(result.fieldErrors).flat().join(' ') || result.message : result.message,
        );
      router.refresh();
    });
  return { pending, error, run };
}

/** Operator controls for one item; admins also revoke. The server actions check the role again. */
export function SignoffControls({
  itemId,
  number,
  mayBeNotNeeded,
  canRevoke,
  signedState,
}: {
  itemId: string;
  number: number;
  mayBeNotNeeded: boolean;
  canRevoke: boolean;
  signedState: string;
}) {
  const { pending, error, run } = useAction();
  const [comment, setComment] = useState('');
  const id = useId();
  const clear = () => setComment('');
  return (
    <div className="signoff-controls">
      <label htmlFor={id}>Comment for item {number}</label>
      <textarea
        id={id}
        rows={2}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        maxLength={2000}
        style={{ width: '100%' }}
      />
      <div className="toolbar" style={{ marginTop: '0.5rem', marginBottom: 0 }}>
        <button
          type="button"
          className="primary"
          disabled={pending}
          onClick={() => run(() => changeSignoff({ itemId, kind: 'sign', comment }), clear)}
        >
          Sign off item {number}
        </button>
        {mayBeNotNeeded && (
          <button
            type="button"
            disabled={pending}
            onClick={() => run(() => changeSignoff({ itemId, kind: 'not_needed', comment }), clear)}
          >
            Not needed
          </button>
        )}
        {canRevoke && (signedState === 'signed' || signedState === 'stale' || signedState === 'not_needed') && (
          <button
            type="button"
            disabled={pending}
            onClick={() =>
              window.confirm(`Revoke the sign-off of item ${number}?`) &&
              run(() => revokeSignoff({ itemId, reason: comment }), clear)
            }
          >
            Revoke sign-off
          </button>
        )}
        <button type="button" disabled={pending} onClick={() => run(() => recheckChecklist({ itemId }))}>
          Re-check
        </button>
        {pending && <span role="status">Working…</span>}
        {error && (
          <span role="alert" className="field-error">
            {error}
          </span>
        )}
      </div>
    </div>
  );
}

export function RecheckAllButton() {
  const { pending, error, run } = useAction();
  return (
    <>
      <button type="button" disabled={pending} onClick={() => run(() => recheckChecklist({}))}>
        {pending ? 'Re-checking…' : 'Re-check all items'}
      </button>
      {error && (
        <span role="alert" className="field-error">
          {error}
        </span>
      )}
    </>
  );
}
