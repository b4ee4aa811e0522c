'use client';
import { signalBackend } from '@/lib/actions/activity/signal-backend';
import { monitoringKeys } from '@/lib/client/keys/monitoring';
import { useConfirmedAction } from '@/lib/client/use-confirmed-action';
import { ActionError } from '../ui/action-error';

const CONFIRM = {
  cancel: (target: string, pid: number) =>
    `Cancel the statement running in backend ${pid} on ${target}? The session stays connected.`,
  terminate: (target: string, pid: number) =>
    `Terminate backend ${pid} on ${target}? Its session ends and any open transaction is rolled back.`,
};

/** Operator-only controls; the server action checks the role and the deployment switch again. */
export function SignalButtons({ target, pid }: { target: string; pid: number }) {
  const { pending, error, run } = useConfirmedAction({ invalidates: monitoringKeys.all });
  const send = (signal: 'cancel' | 'terminate') =>
    run(() => signalBackend({ target, pid, signal }), { confirm: CONFIRM[signal](target, pid) });
  return (
    <div className="toolbar" style={{ margin: 0 }}>
      <button type="button" onClick={() => send('cancel')} disabled={pending} aria-label={`Cancel backend ${pid}`}>
        Cancel
      </button>
      <button
        type="button"
        onClick={() => send('terminate')}
        disabled={pending}
        aria-label={`Terminate backend ${pid}`}
      >
        Terminate
      </button>
      <ActionError message={error} />
    </div>
  );
}
