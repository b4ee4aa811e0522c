/** Local backup files: 0600 in a directory made 0700; an existing directory open to others is tightened, said once. */
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLocalStorage } from './local';

let root: string;
const modeOf = async (file: string) => (await stat(file)).mode & 0o777;

async function writeBackup(dir: string, name: string): Promise<string> {
  const writer = await createLocalStorage(dir).createWriter(name);
  writer.stream.end('dump bytes');
  return writer.commit();
}

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'halcytone-local-storage-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(root, { recursive: true, force: true });
});

describe('local backup storage', () => {
  it('creates the directory 0700 and writes files 0600, whatever the umask allows', async () => {
    const dir = path.join(root, 'data', 'backups');
    const previous = process.umask(0o000);
    try {
      await writeBackup(dir, 'db_20260101_000000_1.dump');
    } finally {
      process.umask(previous);
    }
    expect(await modeOf(dir)).toBe(0o700);
    expect(await modeOf(path.join(dir, 'db_20260101_000000_1.dump'))).toBe(0o600);
  });

  it('tightens an existing directory open to others to 0700 and says so in the log once', async () => {
    const dir = path.join(root, 'shared');
    await mkdir(dir);
    const { chmod } = await import('node:fs/promises');
    await chmod(dir, 0o755);
    await writeFile(path.join(dir, 'unrelated.txt'), 'x');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await writeBackup(dir, 'db_20260101_000000_2.dump');
    await writeBackup(dir, 'db_20260101_000000_3.dump');
    expect(await modeOf(dir)).toBe(0o700);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toContain(
      `backup directory ${dir} was open to other users (mode 0755); tightened to 0700`,
    );
    expect(await modeOf(path.join(dir, 'db_20260101_000000_3.dump'))).toBe(0o600);
  });
});
