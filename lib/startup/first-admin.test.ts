import { describe, expect, it } from 'vitest';
import { describeAdmin } from './first-admin';

describe('describeAdmin', () => {
  it('never prints a password that came from the environment, and says where it came from', () => {
    const line = describeAdmin({ email: 'dba@example.com', note: 'password set from ADMIN_PASSWORD (not shown)' });
    expect(line).toBe('Sign in as dba@example.com — password set from ADMIN_PASSWORD (not shown).');
  });

  it('prints a generated password, the one time it is made', () => {
    expect(
      describeAdmin({
        email: 'admin@halcytone.local',
        generatedPassword: 'Generated-Once-123',
        note: 'generated now and shown only this once',
      }),
    ).toContain('with password Generated-Once-123');
  });
});
