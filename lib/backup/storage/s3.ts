/**
 * Backups as objects in S3 or an S3-compatible server, uploaded by multipart streaming (@aws-sdk/lib-storage):
 * memory stays at queueSize × partSize whatever the dump's size. The upload is completed only on commit();
 * abort() aborts the multipart upload so no object appears. Credentials come from the SDK's default chain
 * (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a profile, an instance role) and are never read or shown here.
 */
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { PassThrough, Readable, Writable } from 'node:stream';
import { errorMessage } from '../../errors';
import { StorageError, type BackupStorage, type BackupWriter } from './types';

export interface S3Settings {
  bucket: string;
  prefix: string;
  region: string;
  /** An S3-compatible server's URL; path-style addressing is used with it. */
  endpoint?: string;
}

/** 8 MiB parts, two in flight: at most ~16 MiB of a dump in memory (S3's minimum part is 5 MiB). */
const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 2;

function describeS3Error(settings: S3Settings, action: string, error: unknown): StorageError {
  const where = settings.endpoint
    ? `${displayEndpoint(settings.endpoint)} (bucket ${settings.bucket})`
    : `bucket ${settings.bucket}`;
  const name = error instanceof Error && error.name !== 'Error' ? `${error.name}: ` : '';
  return new StorageError(`S3 ${action} failed at ${where}: ${name}${errorMessage(error) || 'no response'}`, {
    cause: error,
  });
}

/** An endpoint as shown on the page: never with user:password@ in it. */
function displayEndpoint(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return '(unparsable endpoint)';
  }
}

/** s3://bucket/prefix at endpoint — no credentials, and no client needed to say it. */
export function describeS3Target(settings: S3Settings): string {
  return `s3://${settings.bucket}/${settings.prefix}${settings.endpoint ? ` at ${displayEndpoint(settings.endpoint)}` : ''}`;
}

function createClient(settings: S3Settings): S3Client {
  return new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: Boolean(settings.endpoint),
    maxAttempts: 2,
    // A stalled endpoint must fail the backup, not hold it (and pg_dump's snapshot) open for ever.
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 60_000 },
  });
}

export function createS3Storage(settings: S3Settings, client = createClient(settings)): BackupStorage {
  const keyOf = (fileName: string) => `${settings.prefix}${fileName}`;

  async function createWriter(fileName: string): Promise<BackupWriter> {
    const key = keyOf(fileName);
    const body = new PassThrough();
    const upload = new Upload({
      client,
      params: { Bucket: settings.bucket, Key: key, Body: body, ContentType: 'application/octet-stream' },
      partSize: PART_SIZE,
      queueSize: QUEUE_SIZE,
      leavePartsOnError: false,
    });
    const done = upload.done();
    let failure: StorageError | null = null;
    let settled = false;

    // The dump is written here; ending it must not end `body`, or lib-storage would complete the upload before
    // we know pg_dump succeeded. commit() ends `body`.
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        if (failure) return callback(failure);
        if (body.write(chunk)) return callback();
        body.once('drain', () => callback());
      },
      final(callback) {
        callback(failure);
      },
    });
    // Failures surface through `done` (and commit/abort); these listeners only keep a destroyed stream's
    // 'error' event from becoming an uncaught exception when nobody is piping into it any more.
    body.on('error', () => {});
    stream.on('error', () => {});
    done.catch((error) => {
      failure ??= describeS3Error(settings, 'upload', error);
      stream.destroy(failure);
    });

    return {
      stream,
      async commit() {
        body.end();
        try {
          await done;
        } catch (error) {
          throw failure ?? describeS3Error(settings, 'upload', error);
        }
        settled = true;
        return key;
      },
      async abort() {
        if (settled) return;
        settled = true;
        failure ??= new StorageError('The backup was abandoned.');
        stream.destroy(failure);
        await upload.abort().catch(() => {});
        body.destroy(failure);
        await done.catch(() => {});
      },
    };
  }

  return {
    kind: 's3',
    description: describeS3Target(settings),
    createWriter,
    async openReader(location) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: settings.bucket, Key: location }));
        if (!(object.Body instanceof Readable)) throw new Error('the object has no readable body');
        return object.Body;
      } catch (error) {
        throw describeS3Error(settings, `download of ${location}`, error);
      }
    },
    async remove(location) {
      try {
        await client.send(new DeleteObjectCommand({ Bucket: settings.bucket, Key: location }));
      } catch (error) {
        throw describeS3Error(settings, `delete of ${location}`, error);
      }
    },
    async exists(location) {
      try {
        await client.send(new HeadObjectCommand({ Bucket: settings.bucket, Key: location }));
        return true;
      } catch (error) {
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
        throw describeS3Error(settings, `lookup of ${location}`, error);
      }
    },
  };
}
