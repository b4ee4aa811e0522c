/**
 * Backups as files in one directory: written as <name>.partial, fsynced, then renamed into place. A backup holds
 * every password hash, the sealed target URLs, the audit log and all data: files are 0600 in a directory made
 * 0700, and an existing directory open to other users is tightened (said once in the log, when it happens).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { errorMessage } from '../../errors';
import { StorageError, type BackupStorage, type BackupWriter } from './types';

const PARTIAL_SUFFIX = '.partial';
const DIRECTORY_MODE = 0o700;
const FILE_MODE = 0o600;

/** Creates the directory 0700, or tightens an existing one that group or others may enter. */
async function ensurePrivateDirectory(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: DIRECTORY_MODE });
  const mode = (await stat(dir)).mode & 0o777;
  if ((mode & 0o077) === 0) return;
  try {
    await chmod(dir, DIRECTORY_MODE);
    console.warn(
      `backup directory ${dir} was open to other users (mode ${mode.toString(8).padStart(4, '0')}); tightened to 0700, since backups hold password hashes and all data.`,
    );
  } catch (error) {
    console.warn(
      `backup directory ${dir} is open to other users (mode ${mode.toString(8).padStart(4, '0')}) and could not be tightened to 0700: ${errorMessage(error)}. Backup files are still written 0600.`,
    );
  }
}

/** Locations are bare file names made by the console; anything with a path separator is refused. */
function safeName(location: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(location) || location.startsWith('.'))
    throw new StorageError(`"${location}" is not a backup file name.`);
  return location;
}

export function createLocalStorage(
  directory: string,
): BackupStorage & { sweepPartials(runningFileNames: () => Promise<ReadonlySet<string>>): Promise<string[]> } {
  const dir = path.resolve(directory);
  const fileOf = (location: string) => path.join(dir, safeName(location));

  async function createWriter(fileName: string): Promise<BackupWriter> {
    const finalPath = fileOf(fileName);
    const partialPath = finalPath + PARTIAL_SUFFIX;
    try {
      await ensurePrivateDirectory(dir);
    } catch (error) {
      throw new StorageError(`Cannot create the backup directory ${dir}: ${errorMessage(error)}`, { cause: error });
    }
    const stream = createWriteStream(partialPath, { flags: 'wx', mode: FILE_MODE });
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', (error) =>
        reject(
          new StorageError(`Cannot write to the backup directory ${dir}: ${errorMessage(error)}`, { cause: error }),
        ),
      );
    });
    let settled = false;
    return {
      stream,
      async commit() {
        if (!stream.writableFinished) await finished(stream);
        const handle = await open(partialPath, 'r');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(partialPath, finalPath);
        settled = true;
        return fileName;
      },
      async abort() {
        if (settled) return;
        settled = true;
        stream.destroy();
        await unlink(partialPath).catch(() => {});
      },
    };
  }

  return {
    kind: 'local',
    description: dir,
    createWriter,
    async openReader(location) {
      const file = fileOf(location);
      await stat(file).catch((error) => {
        throw new StorageError(`The backup file ${location} is missing from ${dir}: ${errorMessage(error)}`, {
          cause: error,
        });
      });
      return createReadStream(file);
    },
    async remove(location) {
      await rm(fileOf(location), { force: true });
    },
    async exists(location) {
      return stat(fileOf(location)).then(
        (info) => info.isFile(),
        () => false,
      );
    },
    /**
     * Partial files left by a process that died mid-backup. The directory is read first and the running backups
     * asked for after, so a backup that starts in between is in the answer and its file is kept.
     */
    async sweepPartials(runningFileNames) {
      const names = await readdir(dir).catch(() => [] as string[]);
      const partials = names.filter((name) => name.endsWith(PARTIAL_SUFFIX));
      if (partials.length === 0) return [];
      const running = await runningFileNames();
      const stale = partials.filter((name) => !running.has(name.slice(0, -PARTIAL_SUFFIX.length)));
      for (const name of stale) await rm(path.join(dir, name), { force: true });
      return stale;
    },
  };
}
