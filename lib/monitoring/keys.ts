/** TanStack Query keys for the monitoring panels: defined once, never inlined. */
export const monitoringKeys = {
  all: ['monitoring'] as const,
  glance: () => [...monitoringKeys.all, 'glance'] as const,
  activity: (thresholdSeconds?: number) => [...monitoringKeys.all, 'activity', ...(thresholdSeconds ? [thresholdSeconds] : [])] as const,
};

/** How often live panels refresh. */
export const OVERVIEW_REFRESH_MS = 5_000;
