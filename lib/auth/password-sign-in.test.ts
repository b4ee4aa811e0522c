import { describe, expect, it } from 'vitest';
import { getEnv } from '../env';
import { passwordSignInFor, providerName } from './password-sign-in';

const OKTA = {
  OIDC_ISSUER: 'https://idp.example.com',
  OIDC_CLIENT_ID: 'halcytone',
  OIDC_CLIENT_SECRET: 'secret',
  OIDC_NAME: 'Okta',
};
const GITHUB_AND_GOOGLE = {
  GITHUB_CLIENT_ID: 'gh',
  GITHUB_CLIENT_SECRET: 'gh-secret',
  GOOGLE_CLIENT_ID: 'gg',
  GOOGLE_CLIENT_SECRET: 'gg-secret',
};

/** The configuration as lib/env.ts reads it: password sign-in off, ADMIN_EMAIL the break-glass admin, and these. */
const envOf = (variables: Record<string, string>) =>
  getEnv({ PASSWORD_SIGNIN: 'false', ADMIN_EMAIL: 'Break.Glass@Example.com', ...variables });

describe('passwordSignInFor', () => {
  it('lets everyone use a password while PASSWORD_SIGNIN is on', () => {
    const on = envOf({ ...OKTA, PASSWORD_SIGNIN: 'true' });
    expect(passwordSignInFor(on, 'anyone@example.com')).toEqual({ kind: 'password' });
    expect(passwordSignInFor(on, 'break.glass@example.com')).toEqual({ kind: 'password' });
  });

  it('turned off, lets only ADMIN_EMAIL in, as the break-glass sign-in, whatever its case', () => {
    expect(passwordSignInFor(envOf(OKTA), 'break.glass@example.com')).toEqual({ kind: 'break-glass' });
    expect(passwordSignInFor(envOf(OKTA), 'glass@example.com')).toEqual({
      kind: 'off',
      message: 'Password sign-in is turned off here; sign in with Okta.',
    });
  });

  it('names every provider the login page offers', () => {
    expect(passwordSignInFor(envOf({ ...OKTA, ...GITHUB_AND_GOOGLE }), 'x@example.com')).toMatchObject({
      message: 'Password sign-in is turned off here; sign in with Okta, GitHub or Google.',
    });
    expect(passwordSignInFor(envOf(GITHUB_AND_GOOGLE), 'x@example.com')).toMatchObject({
      message: 'Password sign-in is turned off here; sign in with GitHub or Google.',
    });
  });
});

describe('providerName', () => {
  it('names a session’s provider as the login page does; one configured no longer by its id', () => {
    expect(['credentials', 'oidc', 'github'].map((id) => providerName(id, envOf(OKTA)))).toEqual([
      'password',
      'Okta',
      'github',
    ]);
  });
});
