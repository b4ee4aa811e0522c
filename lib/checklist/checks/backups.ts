/**
 * Item 6: backup automation configured and tested — read from what the Backups page records: a schedule is on,
 * the newest successful backup is recent, and the newest restore-verify succeeded.
 */
import 'server-only';
import { getPrisma } from '../../db';
import { getBackupSettings } from '../../backup/settings';
import { formatDuration } from '../../format';
import { worstStatus, type Evidence, type EvidenceFact } from '../types';

export async function checkBackups(maxAgeHours: number, now = new Date()): Promise<Evidence> {
  const prisma = getPrisma();
  const [settings, newest, verify] = await Promise.all([
    getBackupSettings(),
    prisma.backupRun.findFirst({ where: { status: 'succeeded', deletedAt: null }, orderBy: { startedAt: 'desc' } }),
    // A cancelled verify proved nothing either way: the newest one that ran to the end counts.
    prisma.restoreRun.findFirst({
      where: { kind: 'verify', status: { in: ['succeeded', 'failed'] } },
      orderBy: { startedAt: 'desc' },
    }),
  ]);
  const ageSeconds = newest ? (now.getTime() - newest.startedAt.getTime()) / 1000 : null;
  const facts: EvidenceFact[] = [
    {
      label: 'Schedule',
      value: settings.backupEnabled ? `${settings.backupCron} (retention ${settings.retentionDays} days)` : 'off',
      status: settings.backupEnabled ? 'pass' : 'fail',
    },
    {
      label: 'Newest successful backup',
      value: newest ? `#${newest.id} at ${newest.startedAt.toISOString()}, ${formatDuration(ageSeconds!)} ago` : 'none',
      status: ageSeconds !== null && ageSeconds <= maxAgeHours * 3600 ? 'pass' : 'fail',
    },
    {
      label: 'Newest restore-verify',
      value: verify
        ? `${verify.status} for backup #${verify.backupId} at ${verify.startedAt.toISOString()}${verify.error ? ` — ${verify.error}` : ''}`
        : 'never run',
      status: verify?.status === 'succeeded' ? 'pass' : 'fail',
    },
    {
      label: 'Restore-verify schedule',
      value: settings.verifyEnabled ? settings.verifyCron : 'off',
      status: settings.verifyEnabled ? 'pass' : 'warn',
    },
  ];
  const status = worstStatus(facts.map((fact) => fact.status!));
  const summary =
    status === 'pass'
      ? `Backups run on schedule, the newest is ${formatDuration(ageSeconds!)} old, and the newest restore-verify succeeded.`
      : `Not proven: ${facts
          .filter((f) => f.status !== 'pass')
          .map((f) => `${f.label.toLowerCase()} — ${f.value}`)
          .join('; ')}${facts[1].status === 'fail' && newest ? ` (older than ${maxAgeHours} h)` : ''}.`;
  return { status, summary, facts };
}
