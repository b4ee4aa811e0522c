'use client';
import { getConsoleStatus, type ConsoleStatus } from '@/lib/actions/console/get-console-status';
import { CONSOLE_STATUS_REFRESH_MS, monitoringKeys } from '@/lib/client/keys/monitoring';
import { useLiveReport } from '@/lib/client/use-live-report';

/** Whether the console's own database answers, polled (one query key for the banner and the error boundary). */
export function useConsoleStatus(initial?: ConsoleStatus) {
  return useLiveReport({
    queryKey: monitoringKeys.consoleStatus(),
    load: getConsoleStatus,
    refreshMs: CONSOLE_STATUS_REFRESH_MS,
    initialData: initial,
  }).query;
}
