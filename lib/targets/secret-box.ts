/**
 * Encryption at rest for connection strings admins add in the console: AES-256-GCM with a random 96-bit nonce,
 * the key derived (SHA-256) from TARGETS_SECRET_KEY. GCM's tag makes a tampered or wrongly keyed value fail to
 * open instead of decrypting to garbage. `context` (the target's name) is bound in as associated data, so a sealed
 * value copied onto another row does not open there. Stored as `v1.<nonce>.<tag>.<ciphertext>`, base64url. Pure.
 */
import 'server-only';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

function deriveKey(secret: string): Buffer {
  return createHash('sha256').update(`halcytone-targets:${secret}`).digest();
}

export function sealSecret(plaintext: string, secret: string, context: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(secret), nonce);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, nonce, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

export function openSecret(sealed: string, secret: string, context: string): string {
  const [version, nonce, tag, ciphertext] = sealed.split('.');
  if (version !== VERSION || !nonce || !tag || ciphertext === undefined)
    throw new SecretBoxError('The stored secret is not in a known format.');
  try {
    const decipher = createDecipheriv('aes-256-gcm', deriveKey(secret), Buffer.from(nonce, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretBoxError(
      'The stored secret cannot be opened with TARGETS_SECRET_KEY (a different key, or the value was altered or moved).',
    );
  }
}
