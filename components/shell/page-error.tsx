'use client';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { describeStoreOutage } from '@/lib/store/describe-outage';
import { useConsoleStatus } from './use-console-status';

/**
 * Every segment's error boundary (its error.tsx re-exports this): a page whose data failed shows what failed and a
 * retry, inside the shell, never the framework's bare error page. In production the server's error text is not
 * sent to the browser (it may hold details), so the page names the console database's state, which is the usual
 * cause during an incident, and the reference to find the error in the server's log.
 */
export function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  const [retrying, startRetry] = useTransition();
  const status = useConsoleStatus();
  const outage = status.data?.storeOutage;
  return (
    <section className="card" role="alert" data-testid="page-error">
      <h1>This page could not be loaded</h1>
      <p>
        {outage
          ? `${describeStoreOutage({ since: new Date(outage.since) })}: this page needs it. It loads again once the database answers.`
          : 'Its data could not be read.'}
      </p>
      <p className="stat-detail">{error.digest ? `Reference ${error.digest} in the console's log.` : error.message}</p>
      <button
        type="button"
        disabled={retrying}
        onClick={() =>
          startRetry(() => {
            router.refresh();
            reset();
          })
        }
      >
        {retrying ? 'Retrying…' : 'Retry'}
      </button>
    </section>
  );
}
