'use client';
import { endSession } from '@/lib/actions/sessions/end-session';
import { useConfirmedAction } from '@/lib/client/use-confirmed-action';
import { ActionError } from '../ui/action-error';

/** An admin's "End" on one session of the list. */
export function EndSessionButton({ sessionId, email, from }: { sessionId: string; email: string; from: string }) {
  const { pending, error, run } = useConfirmedAction();
  return (
    <>
      <button
        type="button"
        disabled={pending}
        aria-label={`End the session of ${email} from ${from}`}
        onClick={() =>
          run(() => endSession({ sessionId }), {
            confirm: `End the session of ${email} from ${from}? Their next request goes to the sign-in page.`,
          })
        }
      >
        End
      </button>
      <ActionError message={error} />
    </>
  );
}
