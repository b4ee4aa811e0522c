/** Reading Prometheus text exposition in tests. */

/** The value of the first series of `name` whose labels include `labels`, or undefined. */
export function seriesValue(exposition: string, name: string, labels: string): number | undefined {
  const line = exposition.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/** GET /api/metrics through its route handler, as a scraper on this machine, with the per-process caches emptied. */
export async function scrapeMetrics(): Promise<string> {
  const { clearSharedCache } = await import('@/lib/monitoring/shared-cache');
  const { fromSocket } = await import('./client-address');
  clearSharedCache();
  const { GET } = await import('@/app/api/metrics/route');
  return (await GET(new Request('http://localhost/api/metrics', { headers: fromSocket('127.0.0.1') }))).text();
}
