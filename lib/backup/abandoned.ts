/**
 * Work whose console process died: a running backup or restore whose heartbeat stopped is marked failed, so the
 * page does not show it as running forever. Backups beat every second, restores every 5 s.
 */
import 'server-only';
import { getPrisma } from '../db';

const SILENCE_MS = 60_000;

export async function failAbandonedWork(now = new Date()): Promise<{ backups: number; restores: number }> {
  const prisma = getPrisma();
  const silentSince = new Date(now.getTime() - SILENCE_MS);
  const backups = await prisma.backupRun.updateMany({
    where: { status: 'running', heartbeatAt: { lt: silentSince } },
    data: {
      status: 'failed',
      finishedAt: now,
      error: 'The console process running this backup stopped; nothing was kept.',
    },
  });
  const restores = await prisma.restoreRun.updateMany({
    where: { status: 'running', heartbeatAt: { lt: silentSince } },
    data: {
      status: 'failed',
      finishedAt: now,
      error: 'The console process running this restore stopped before it finished.',
    },
  });
  return { backups: backups.count, restores: restores.count };
}
