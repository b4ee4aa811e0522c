'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';
import type { ConsoleStatus } from '@/lib/actions/console/get-console-status';
import { describeStoreOutage } from '@/lib/store/describe-outage';
import { useConsoleStatus } from './use-console-status';
import { useNow } from './use-now';

/**
 * On every page: whether the console's own database answers. While it does not, the page shows the last known
 * state and this says so, with since when; when it answers again the page is re-rendered with current data.
 * Polled (layouts are not re-rendered on navigation, so a server-rendered banner would go stale).
 */
export function StoreOutageBanner({ initial }: { initial: ConsoleStatus }) {
  const router = useRouter();
  const status = useConsoleStatus(initial);
  const outage = status.data?.storeOutage ?? null;
  // The "(4 min)" keeps counting between polls (an unchanged answer does not re-render the banner).
  const now = useNow(15_000);
  const wasDown = useRef(outage !== null);
  useEffect(() => {
    if (wasDown.current && outage === null) router.refresh();
    wasDown.current = outage !== null;
  }, [outage, router]);

  if (!outage) return null;
  return (
    <p className="outage-banner" role="alert" data-testid="store-outage-banner" suppressHydrationWarning>
      {describeStoreOutage({ since: new Date(outage.since) }, now)} — showing the last known state
    </p>
  );
}
