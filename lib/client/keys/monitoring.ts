/** TanStack Query keys for the monitoring panels: defined once, never inlined. */
export const monitoringKeys = {
  all: ['monitoring'] as const,
  /** Per target, so switching the picker never shows another server's figures under the new name. */
  glance: (target: string) => [...monitoringKeys.all, target, 'glance'] as const,
  activity: (target: string, thresholdSeconds?: number) =>
    [...monitoringKeys.all, target, 'activity', ...(thresholdSeconds ? [thresholdSeconds] : [])] as const,
  /** The console's own state (is its database reachable), for the banner on every page. */
  consoleStatus: () => [...monitoringKeys.all, 'console-status'] as const,
};

/** How often live panels refresh. */
export const OVERVIEW_REFRESH_MS = 5_000;

/** How often every page asks whether the console database answers (the outage banner). */
export const CONSOLE_STATUS_REFRESH_MS = 5_000;
