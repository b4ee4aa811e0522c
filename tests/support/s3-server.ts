/**
 * A real S3-protocol server for tests: s3rver (HTTP, files on disk) on a free port, with one bucket.
 * s3rver checks request signatures against its fixed key pair S3RVER / S3RVER.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
// @ts-expect-error s3rver ships no type declarations.
import S3rver from 's3rver';

export interface TestS3Server {
  endpoint: string;
  bucket: string;
  stop(): Promise<void>;
}

export async function startTestS3Server(bucket = 'halcytone-backups'): Promise<TestS3Server> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'halcytone-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = (await server.run()) as { port: number };
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(directory, { recursive: true, force: true });
    },
  };
}
