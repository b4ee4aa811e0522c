/**
 * Next.js calls register() once when a server process starts: it starts this process's sampler, backup scheduler,
 * checklist, insights and workload loops. The sampler and the workload collector run in every process, each over its
 * share of the targets (lib/sampler/membership.ts); the rest run in one process of the deployment at a time
 * (lib/jobs/leader-loop.ts).
 */
export async function register() {
  const building = process.env.NEXT_PHASE === 'phase-production-build';
  if (process.env.NEXT_RUNTIME === 'nodejs' && process.env.DATABASE_URL && !building) {
    const { startSampler } = await import('./lib/sampler/runner');
    startSampler();
    const { startBackupScheduler } = await import('./lib/backup/scheduler');
    startBackupScheduler();
    const { startChecklistScheduler } = await import('./lib/checklist/scheduler');
    startChecklistScheduler();
    const { startInsightsScheduler } = await import('./lib/tables/insights/rollups/scheduler');
    startInsightsScheduler();
    const { startWorkloadCollector } = await import('./lib/workload/collector');
    startWorkloadCollector();
  }
}
