'use client';
import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { getConsoleStatus, type ConsoleStatus } from '@/lib/actions/console/get-console-status';
import { CONSOLE_STATUS_REFRESH_MS, monitoringKeys } from '@/lib/monitoring/keys';
import { describeStoreOutage } from '@/lib/store/outage';

/**
 * On every page: whether the console's own database answers. While it does not, the page shows the last known
 * state and this says so, with since when; when it answers again the page is re-rendered with current data.
 * Polled (layouts are not re-rendered on navigation, so a server-rendered banner would go stale).
 */
export function StoreOutageBanner({ initial }: { initial: ConsoleStatus }) {
  const router = useRouter();
  const status = useQuery({
    queryKey: monitoringKeys.consoleStatus(),
    queryFn: async () => {
      const result = await getConsoleStatus();
      if (!result.ok) throw new Error(result.message);
      return result.data;
    },
    initialData: initial,
    refetchInterval: CONSOLE_STATUS_REFRESH_MS,
  });
  const outage = status.data.storeOutage;
  const wasDown = useRef(outage !== null);
  useEffect(() => {
    if (wasDown.current && outage === null) router.refresh();
    wasDown.current = outage !== null;
  }, [outage, router]);

  if (!outage) return null;
  return (
    <p className="outage-banner" role="alert" data-testid="store-outage-banner" suppressHydrationWarning>
      {describeStoreOutage({ since: new Date(outage.since), error: outage.error })} — showing the last known state
    </p>
  );
}
