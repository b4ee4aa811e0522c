'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { signalBackend } from '@/lib/actions/activity/signal-backend';
import { monitoringKeys } from '@/lib/monitoring/keys';

const CONFIRM = {
  cancel: (target: string, pid: number) =>
    `Cancel the statement running in backend ${pid} on ${target}? The session stays connected.`,
  terminate: (target: string, pid: number) =>
    `Terminate backend ${pid} on ${target}? Its session ends and any open transaction is rolled back.`,
};

/** Operator-only controls; the server action checks the role and the deployment switch again. */
export function SignalButtons({ target, pid }: { target: string; pid: number }) {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: async (signal: 'cancel' | 'terminate') => {
      const result = await signalBackend({ target, pid, signal });
      if (!result.ok) throw new Error(result.message);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: monitoringKeys.all }),
  });
  const send = (signal: 'cancel' | 'terminate') => {
    if (window.confirm(CONFIRM[signal](target, pid))) mutation.mutate(signal);
  };
  return (
    <div className="toolbar" style={{ margin: 0 }}>
      <button
        type="button"
        onClick={() => send('cancel')}
        disabled={mutation.isPending}
        aria-label={`Cancel backend ${pid}`}
      >
        Cancel
      </button>
      <button
        type="button"
        onClick={() => send('terminate')}
        disabled={mutation.isPending}
        aria-label={`Terminate backend ${pid}`}
      >
        Terminate
      </button>
      {mutation.isError && (
        <span role="alert" className="field-error">
          {mutation.error.message}
        </span>
      )}
    </div>
  );
}
