// Not 'server-only': scripts/ loads it too (tsx, outside Next.js), where that import throws.
/**
 * Secrets the console generates once and keeps under DATA_DIR when none is configured (NEXTAUTH_SECRET). A file
 * found there is used only if it is a plain file of this user's (not a link someone else could point elsewhere),
 * looks like what this console writes — 32 random bytes, base64url — and only its owner may read it: wider permissions are narrowed to 0600 (and said), anything else is refused with what
 * to do, rather than trusted whatever it holds.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, readFileSync, writeFileSync, type Stats } from 'node:fs';
import path from 'node:path';

/** 32 bytes in base64url, or longer. */
const GENERATED_SECRET = /^[A-Za-z0-9_-]{43,}$/;

export class SecretFileError extends Error {}

export function readOrCreateSecret(dataDir: string, name: string, log: (line: string) => void = console.log): string {
  const file = path.join(dataDir, name);
  const stat = lstatOrNull(file);
  if (stat) {
    if (!stat.isFile())
      throw new SecretFileError(
        `${file} is not a plain file (a link or a directory). Delete it to have a new secret made, or set the variable instead.`,
      );
    if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) {
      throw new SecretFileError(
        `${file} belongs to another user (uid ${stat.uid}). Delete it to have a new secret made, or set the variable instead.`,
      );
    }
    const mode = stat.mode & 0o777;
    if (mode & 0o077) {
      chmodSync(file, 0o600);
      log(`${file} was readable by others (mode ${mode.toString(8)}); narrowed to 0600.`);
    }
    const secret = readFileSync(file, 'utf8').trim();
    if (!GENERATED_SECRET.test(secret)) {
      throw new SecretFileError(
        `${file} does not hold a secret this console wrote (43 or more base64url characters). Delete it to have a new one made, or set the variable instead.`,
      );
    }
    return secret;
  }
  mkdirSync(dataDir, { recursive: true });
  // 'wx': never through a link or over a file that appeared meanwhile.
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
  return secret;
}

/** The entry itself (a link is not followed), or null when there is none. */
function lstatOrNull(file: string): Stats | null {
  try {
    return lstatSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
