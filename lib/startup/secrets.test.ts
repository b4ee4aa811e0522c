import { mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readOrCreateSecret, SecretFileError } from './secrets';

const fresh = () => mkdtempSync(path.join(os.tmpdir(), 'halcytone-secrets-'));

describe('readOrCreateSecret', () => {
  it('writes a new secret readable by its owner only, and reads it back', () => {
    const dir = fresh();
    const secret = readOrCreateSecret(dir, 'nextauth-secret');
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(path.join(dir, 'nextauth-secret')).mode & 0o777).toBe(0o600);
    expect(readOrCreateSecret(dir, 'nextauth-secret')).toBe(secret);
  });

  it('narrows a secret file others could read to 0600, and says so', () => {
    const dir = fresh();
    const file = path.join(dir, 'nextauth-secret');
    writeFileSync(file, 'x'.repeat(43), { mode: 0o644 });
    const lines: string[] = [];
    expect(readOrCreateSecret(dir, 'nextauth-secret', (line) => lines.push(line))).toBe('x'.repeat(43));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(lines.join('')).toContain('narrowed to 0600');
  });

  it('refuses a file that does not hold a secret this console wrote', () => {
    const dir = fresh();
    const file = path.join(dir, 'nextauth-secret');
    for (const content of ['', 'short', 'has spaces and is long enough to pass a length check only']) {
      writeFileSync(file, content, { mode: 0o600 });
      expect(() => readOrCreateSecret(dir, 'nextauth-secret')).toThrow(SecretFileError);
    }
    expect(readFileSync(file, 'utf8')).toContain('has spaces');
  });

  it('refuses a link in place of the secret file, pointing at a good-looking secret or at nothing', () => {
    const dir = fresh();
    const elsewhere = path.join(fresh(), 'planted');
    writeFileSync(elsewhere, 'y'.repeat(43), { mode: 0o600 });
    symlinkSync(elsewhere, path.join(dir, 'nextauth-secret'));
    expect(() => readOrCreateSecret(dir, 'nextauth-secret')).toThrow('is not a plain file');
    const dangling = fresh();
    symlinkSync(path.join(fresh(), 'not-yet'), path.join(dangling, 'nextauth-secret'));
    expect(() => readOrCreateSecret(dangling, 'nextauth-secret')).toThrow('is not a plain file');
  });
});
