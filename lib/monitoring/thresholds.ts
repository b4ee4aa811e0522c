/** Thresholds from the guide's "Monitoring" section, shared by server code and client components. */

/** "Cache hit ratio (should be >99%)". */
export const HEALTHY_CACHE_HIT_RATIO = 0.99;
