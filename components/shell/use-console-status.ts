'use client';
import { useQuery } from '@tanstack/react-query';
import { getConsoleStatus, type ConsoleStatus } from '@/lib/actions/console/get-console-status';
import { CONSOLE_STATUS_REFRESH_MS, monitoringKeys } from '@/lib/monitoring/keys';

/** Whether the console's own database answers, polled (one query key for the banner and the error boundary). */
export function useConsoleStatus(initial?: ConsoleStatus) {
  return useQuery({
    queryKey: monitoringKeys.consoleStatus(),
    queryFn: async () => {
      const result = await getConsoleStatus();
      if (!result.ok) throw new Error(result.message);
      return result.data;
    },
    initialData: initial,
    refetchInterval: CONSOLE_STATUS_REFRESH_MS,
  });
}
