import { describe, expect, it } from 'vitest';
import { signInErrorMessage } from './sign-in-errors';

describe('signInErrorMessage', () => {
  it('says what each refusal means', () => {
    expect(signInErrorMessage('NoRole')).toContain('in none of the groups');
    expect(signInErrorMessage('WrongIssuer')).toContain('other than the one this console is set up for');
    expect(signInErrorMessage('OAuthCallback')).toContain('could not be verified');
    expect(signInErrorMessage('EmailInUse')).toContain('already belongs to another console account');
  });

  it('never shows the parameter itself: an unknown code, or a name of Object.prototype, gets a generic text', () => {
    expect(signInErrorMessage('<script>alert(1)</script>')).toBe('Signing in did not work. Start again.');
    expect(signInErrorMessage('constructor')).toBe('Signing in did not work. Start again.');
    expect(signInErrorMessage('Default')).toBe('Signing in did not work. Start again.');
  });

  it('is null without a code', () => {
    expect(signInErrorMessage(null)).toBeNull();
    expect(signInErrorMessage('')).toBeNull();
  });
});
