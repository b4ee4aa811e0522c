/** TanStack Query keys for the monitoring panels: defined once, never inlined. */
export const monitoringKeys = {
  all: ['monitoring'] as const,
  /** Per target, so switching the picker never shows another server's figures under the new name. */
  glance: (target: string) => [...monitoringKeys.all, target, 'glance'] as const,
  activity: (target: string, thresholdSeconds?: number) => [...monitoringKeys.all, target, 'activity', ...(thresholdSeconds ? [thresholdSeconds] : [])] as const,
};

/** How often live panels refresh. */
export const OVERVIEW_REFRESH_MS = 5_000;
