/**
 * Secrets the console generates once and keeps under DATA_DIR when none is configured (NEXTAUTH_SECRET). A file
 * found there is used only if it looks like what this console writes — 32 random bytes, base64url — and only
 * its owner may read it: wider permissions are narrowed to 0600 (and said), anything else is refused with what
 * to do, rather than trusted whatever it holds.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** 32 bytes in base64url, or longer. */
const GENERATED_SECRET = /^[A-Za-z0-9_-]{43,}$/;

export class SecretFileError extends Error {}

export function readOrCreateSecret(dataDir: string, name: string, log: (line: string) => void = console.log): string {
  const file = path.join(dataDir, name);
  if (existsSync(file)) {
    const mode = statSync(file).mode & 0o777;
    if (mode & 0o077) {
      chmodSync(file, 0o600);
      log(`${file} was readable by others (mode ${mode.toString(8)}); narrowed to 0600.`);
    }
    const secret = readFileSync(file, 'utf8').trim();
    if (!GENERATED_SECRET.test(secret)) {
      throw new SecretFileError(`${file} does not hold a secret this console wrote (43 or more base64url characters). Delete it to have a new one made, or set the variable instead.`);
    }
    return secret;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
