import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret, SecretBoxError } from './secret-box';

const KEY = 'a-key-of-at-least-thirty-two-characters!';

describe('secret box', () => {
  it('opens what it sealed, and never stores the plaintext', () => {
    const sealed = sealSecret('postgresql://u:pw@h/db', KEY, 'replica-1');
    expect(sealed).not.toContain('pw@h');
    expect(openSecret(sealed, KEY, 'replica-1')).toBe('postgresql://u:pw@h/db');
  });

  it('uses a fresh nonce each time', () => {
    expect(sealSecret('same', KEY, 'a')).not.toBe(sealSecret('same', KEY, 'a'));
  });

  it('refuses another key, another target and an altered value', () => {
    const sealed = sealSecret('postgresql://u:pw@h/db', KEY, 'replica-1');
    expect(() => openSecret(sealed, `${KEY}x`, 'replica-1')).toThrow(SecretBoxError);
    expect(() => openSecret(sealed, KEY, 'replica-2')).toThrow(SecretBoxError);
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[3], 'base64url');
    flipped[0] ^= 1;
    expect(() => openSecret([...parts.slice(0, 3), flipped.toString('base64url')].join('.'), KEY, 'replica-1')).toThrow(
      SecretBoxError,
    );
    expect(() => openSecret('garbage', KEY, 'replica-1')).toThrow('not in a known format');
  });
});
