'use client';
import { useState } from 'react';
import { endOtherSessions } from '@/lib/actions/sessions/end-other-sessions';
import { useConfirmedAction } from '@/lib/client/use-confirmed-action';
import { ActionError } from '../ui/action-error';

/** "Sign out everywhere else": the person's sessions other than this one end; this one is kept. */
export function EndOtherSessionsButton({ others }: { others: number }) {
  const { pending, error, run } = useConfirmedAction();
  const [ended, setEnded] = useState<number | null>(null);
  return (
    <div className="toolbar">
      <button
        type="button"
        disabled={pending || others === 0}
        onClick={() =>
          run(() => endOtherSessions(), {
            confirm: `End your ${others === 1 ? 'other session' : `${others} other sessions`}? This one stays signed in.`,
            onSuccess: (data) => setEnded(data.ended),
          })
        }
      >
        End my other sessions
      </button>
      {others === 0 && ended === null && <span className="stat-detail">You are signed in nowhere else.</span>}
      {ended !== null && (
        <span role="status" className="stat-detail">
          Ended {ended === 1 ? '1 session' : `${ended} sessions`}.
        </span>
      )}
      <ActionError message={error} />
    </div>
  );
}
