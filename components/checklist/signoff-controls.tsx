'use client';
import { useId, useState } from 'react';
import { changeSignoff } from '@/lib/actions/checklist/change-signoff';
import { recheckChecklist } from '@/lib/actions/checklist/recheck-checklist';
import { revokeSignoff } from '@/lib/actions/checklist/revoke-signoff';
import { useConfirmedAction } from '@/lib/client/use-confirmed-action';
import { ActionError } from '../ui/action-error';

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
  const { pending, error, run } = useConfirmedAction();
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
          onClick={() => run(() => changeSignoff({ itemId, kind: 'sign', comment }), { onSuccess: clear })}
        >
          Sign off item {number}
        </button>
        {mayBeNotNeeded && (
          <button
            type="button"
            disabled={pending}
            onClick={() => run(() => changeSignoff({ itemId, kind: 'not_needed', comment }), { onSuccess: clear })}
          >
            Not needed
          </button>
        )}
        {canRevoke && (signedState === 'signed' || signedState === 'stale' || signedState === 'not_needed') && (
          <button
            type="button"
            disabled={pending}
            onClick={() =>
              run(() => revokeSignoff({ itemId, reason: comment }), {
                confirm: `Revoke the sign-off of item ${number}?`,
                onSuccess: clear,
              })
            }
          >
            Revoke sign-off
          </button>
        )}
        <button type="button" disabled={pending} onClick={() => run(() => recheckChecklist({ itemId }))}>
          Re-check
        </button>
        {pending && <span role="status">Working…</span>}
        <ActionError message={error} />
      </div>
    </div>
  );
}

export function RecheckAllButton() {
  const { pending, error, run } = useConfirmedAction();
  return (
    <>
      <button type="button" disabled={pending} onClick={() => run(() => recheckChecklist({}))}>
        {pending ? 'Re-checking…' : 'Re-check all items'}
      </button>
      <ActionError message={error} />
    </>
  );
}
