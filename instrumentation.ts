/**
 * Next.js calls register() once when a server process starts: it starts this process's sampler loop (only one
 * process in the deployment actually samples; see lib/sampler/runner.ts).
 */
export async function register() {
  const building = process.env.NEXT_PHASE === 'phase-production-build';
  if (process.env.NEXT_RUNTIME === 'nodejs' && process.env.DATABASE_URL && !building) {
    const { startSampler } = await import('./lib/sampler/runner');
    startSampler();
  }
}
