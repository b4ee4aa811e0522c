/**
 * S3 storage against a real S3-protocol server (s3rver): a backup uploaded by multipart streaming, verified by
 * restoring from the bucket; an aborted upload leaves no object; an unreachable endpoint fails the run clearly.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { getPrisma } from '@/lib/db';
import { getEnv, type Env } from '@/lib/env';
import type { BackupOptions } from '@/lib/backup/options';
import { findPgTool } from '@/lib/backup/pg-tools';
import { startRestoreVerify } from '@/lib/backup/restore';
import { runBackup } from '@/lib/backup/run-backup';
import { storageFor } from '@/lib/backup/storage';
import { startTestS3Server, type TestS3Server } from '../support/s3-server';
import { withClient } from '../support/sql';

const toS3: BackupOptions = { compression: 0, section: 'all', tables: [], storage: 's3' };
const dumpCanReadServer = (await findPgTool('pg_dump', undefined)).major >= inject('postgresMajor');
let s3: TestS3Server;
let env: Env;

beforeAll(async () => {
  s3 = await startTestS3Server();
  env = getEnv({
    ...process.env,
    BACKUP_STORAGE: 's3',
    BACKUP_S3_BUCKET: s3.bucket,
    BACKUP_S3_ENDPOINT: s3.endpoint,
    BACKUP_S3_PREFIX: 'database/',
  });
});

afterAll(async () => {
  await s3?.stop();
});

async function sha256Of(location: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of await storageFor('s3', env).openReader(location)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

describe.runIf(dumpCanReadServer)('backups to S3', () => {
  it('uploads a multipart backup whose object hashes to the recorded sha256, and restore-verify reads it back', async () => {
    // ~20 MB uncompressed, so the 8 MiB parts make this a multipart upload.
    await withClient((c) =>
      c.query(
        `CREATE TABLE s3_bulk AS SELECT i, repeat(md5(i::text), 6) AS filler FROM generate_series(1, 100000) AS i`,
      ),
    );
    try {
      const { runId, finished } = await runBackup(
        { options: toS3, trigger: 'manual', startedBy: 'operator@example.com' },
        env,
      );
      expect(await finished).toMatchObject({ status: 'succeeded' });
      const run = await getPrisma().backupRun.findUniqueOrThrow({ where: { id: BigInt(runId) } });
      expect(run.storageKind).toBe('s3');
      expect(run.storageLocation).toMatch(/^database\/.+\.dump$/);
      expect(Number(run.sizeBytes)).toBeGreaterThan(16 * 1024 * 1024);
      expect(await sha256Of(run.storageLocation!)).toBe(run.sha256);
      const verify = await startRestoreVerify(runId, 'operator@example.com', env);
      expect(await verify.finished).toMatchObject({ status: 'succeeded', differences: [] });
    } finally {
      await withClient((c) => c.query('DROP TABLE s3_bulk'));
    }
  });

  it('fails the run with a message naming the endpoint when S3 cannot be reached', async () => {
    const unreachable = getEnv({
      ...process.env,
      BACKUP_S3_BUCKET: s3.bucket,
      BACKUP_S3_ENDPOINT: 'http://127.0.0.1:9',
    });
    const { finished } = await runBackup(
      { options: toS3, trigger: 'manual', startedBy: 'operator@example.com' },
      unreachable,
    );
    const outcome = await finished;
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toContain('http://127.0.0.1:9');
  });
});

describe('S3 uploads that do not finish', () => {
  it('an upload aborted after its first part leaves no object', async () => {
    const storage = storageFor('s3', env);
    const writer = await storage.createWriter('aborted.dump');
    const part = Buffer.alloc(1024 * 1024, 7);
    // 12 MiB: the first 8 MiB part is uploaded while the rest is still being written.
    for (let i = 0; i < 12; i++) {
      if (!writer.stream.write(part)) await new Promise((resolve) => writer.stream.once('drain', resolve));
    }
    await writer.abort();
    expect(await storage.exists('database/aborted.dump')).toBe(false);
  });

  it('ending the written stream without commit publishes nothing', async () => {
    const storage = storageFor('s3', env);
    const writer = await storage.createWriter('uncommitted.dump');
    await new Promise<void>((resolve) => writer.stream.end(Buffer.from('partial dump'), resolve));
    expect(await storage.exists('database/uncommitted.dump')).toBe(false);
    await writer.abort();
    expect(await storage.exists('database/uncommitted.dump')).toBe(false);
  });
});
