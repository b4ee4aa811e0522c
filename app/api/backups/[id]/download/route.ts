/**
 * GET /api/backups/<id>/download — an admin downloads a backup, streamed from storage (never buffered). The
 * recorded SHA-256 travels in a header so the file can be checked (`sha256sum`).
 */
import { Readable } from 'node:stream';
import { recordId } from '@/lib/actions/backups/record-id';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { withRole } from '@/lib/auth/session';
import { storageFor } from '@/lib/backup/storage';
import { storageKindSchema } from '@/lib/backup/storage/types';
import { parseStored } from '@/lib/pg/rows';
import { getPrisma } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { AppError, errorMessage, errorResponse, redactSecrets } from '@/lib/errors';
import { PRIMARY_TARGET } from '@/lib/targets/target-list';

export const dynamic = 'force-dynamic';

export const GET = withRole<{ params: Promise<{ id: string }> }>(
  'admin',
  async (_request, { params, user }) => {
    const { id } = await params;
    if (!recordId('backup').safeParse(id).success)
      return errorResponse(new AppError('invalid_input', `"${id.slice(0, 20)}" is not a backup id.`));
    const backup = await getPrisma().backupRun.findUnique({ where: { id: BigInt(id) } });
    if (!backup) return errorResponse(new AppError('not_found', `Backup ${id} does not exist.`));
    if (backup.status !== 'succeeded' || !backup.storageLocation || backup.deletedAt) {
      return errorResponse(
        new AppError(
          'conflict',
          `Backup ${id} has no file to download (${backup.deletedAt ? 'removed by retention' : backup.status}).`,
        ),
      );
    }
    try {
      // Audited before the file is opened, so a failed audit write leaves no stream open.
      await recordAuditEvent(getPrisma(), { actor: user, action: 'backup.download', target: `backup:${id}` });
      const source = await storageFor(
        parseStored(storageKindSchema, backup.storageKind, `Backup ${id}'s storage`),
        getEnv(),
      ).openReader(backup.storageLocation);
      const fileName = backup.storageLocation.split('/').pop()!;
      return new Response(Readable.toWeb(source) as ReadableStream<Uint8Array>, {
        headers: {
          'Content-Type': 'application/octet-stream',
          'Content-Disposition': `attachment; filename="${fileName}"`,
          ...(backup.sizeBytes !== null ? { 'Content-Length': backup.sizeBytes.toString() } : {}),
          'X-Backup-SHA256': backup.sha256 ?? '',
          'Cache-Control': 'no-store',
        },
      });
    } catch (error) {
      return errorResponse(new AppError('storage_unavailable', redactSecrets(errorMessage(error)), { cause: error }));
    }
  },
  // A backup is of the primary: the role there decides (lib/auth/target-roles.ts).
  { on: PRIMARY_TARGET },
);
