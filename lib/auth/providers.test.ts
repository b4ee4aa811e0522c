import { describe, expect, it } from 'vitest';
import { getEnv } from '../env';
import {
  federatedProviders,
  groupsFrom,
  isConfiguredIssuer,
  oidcProvider,
  signInButtons,
  withUserinfo,
} from './providers';

const OIDC = {
  OIDC_ISSUER: 'https://idp.example.com/realms/staff/',
  OIDC_CLIENT_ID: 'halcytone',
  OIDC_CLIENT_SECRET: 'client-secret',
  OIDC_NAME: 'Staff SSO',
};

describe('the providers offered', () => {
  it('are only the configured ones, in a fixed order, the OpenID provider under its OIDC_NAME', () => {
    expect(signInButtons(getEnv({}))).toEqual([]);
    expect(federatedProviders(getEnv({}))).toEqual([]);
    const all = getEnv({
      ...OIDC,
      GOOGLE_CLIENT_ID: 'g',
      GOOGLE_CLIENT_SECRET: 'gs',
      GITHUB_CLIENT_ID: 'h',
      GITHUB_CLIENT_SECRET: 'hs',
    });
    expect(signInButtons(all)).toEqual([
      { id: 'oidc', name: 'Staff SSO' },
      { id: 'github', name: 'GitHub' },
      { id: 'google', name: 'Google' },
    ]);
    expect(federatedProviders(all).map((provider) => provider.id)).toEqual(['oidc', 'github', 'google']);
    expect(signInButtons(getEnv({ GITHUB_CLIENT_ID: 'h', GITHUB_CLIENT_SECRET: 'hs' }))).toEqual([
      { id: 'github', name: 'GitHub' },
    ]);
  });

  it('OpenID Connect: discovery from the issuer, the id_token validated, PKCE and state checked, the scopes asked', () => {
    const provider = oidcProvider(getEnv({ ...OIDC, OIDC_SCOPES: 'openid email profile groups' }));
    expect(provider).toMatchObject({
      id: 'oidc',
      name: 'Staff SSO',
      type: 'oauth',
      wellKnown: 'https://idp.example.com/realms/staff/.well-known/openid-configuration',
      clientId: 'halcytone',
      clientSecret: 'client-secret',
      idToken: true,
      checks: ['pkce', 'state'],
      authorization: { params: { scope: 'openid email profile groups' } },
    });
    expect(provider.profile({ sub: 'u-1', preferred_username: 'alice', email: 'Alice@Example.com' }, {})).toEqual({
      id: 'u-1',
      name: 'alice',
      email: 'Alice@Example.com',
    });
  });
});

describe('isConfiguredIssuer', () => {
  it('is true only for the configured issuer, a trailing slash forgiven', () => {
    expect(isConfiguredIssuer('https://idp.example.com/realms/staff', OIDC.OIDC_ISSUER)).toBe(true);
    expect(isConfiguredIssuer('https://idp.example.com/realms/staff/', 'https://idp.example.com/realms/staff')).toBe(
      true,
    );
    expect(isConfiguredIssuer('https://idp.example.com/realms/other', OIDC.OIDC_ISSUER)).toBe(false);
    expect(isConfiguredIssuer('https://idp.example.com/realms/staff.evil', OIDC.OIDC_ISSUER)).toBe(false);
    expect(isConfiguredIssuer(undefined, OIDC.OIDC_ISSUER)).toBe(false);
    expect(isConfiguredIssuer('https://idp.example.com', undefined)).toBe(false);
  });
});

describe('withUserinfo', () => {
  it('keeps identity from the id_token and joins the role claim of both', () => {
    expect(
      withUserinfo(
        { iss: 'https://idp', sub: 'u-1', groups: ['a'] },
        { sub: 'u-1', iss: 'https://other', email: 'u@example.com', groups: ['b', 'a'] },
        'groups',
      ),
    ).toEqual({ iss: 'https://idp', sub: 'u-1', email: 'u@example.com', groups: ['a', 'b'] });
    expect(withUserinfo({ sub: 'u-1' }, { sub: 'u-1', roles: 'dba' }, 'roles')).toEqual({ sub: 'u-1', roles: ['dba'] });
  });

  it('refuses a userinfo answer about another subject', () => {
    expect(() => withUserinfo({ sub: 'u-1' }, { sub: 'u-2', groups: ['admins'] }, 'groups')).toThrow('another subject');
  });
});

describe('groupsFrom', () => {
  it('reads the OpenID provider’s role claim, a list or a single value', () => {
    expect(groupsFrom('oidc', { groups: ['prod-dba', 7, 'staff'] }, 'groups')).toEqual(['prod-dba', 'staff']);
    expect(groupsFrom('oidc', { roles: 'Console.Admin' }, 'roles')).toEqual(['Console.Admin']);
    expect(groupsFrom('oidc', {}, 'groups')).toEqual([]);
  });

  it('names GitHub teams github:<org>/<team>, whatever OIDC_ROLE_CLAIM says', () => {
    const teams = [
      { slug: 'dba', name: 'DBA', organization: { login: 'acme', id: 1 } },
      { slug: 'sre', organization: { login: 'acme' } },
    ];
    expect(groupsFrom('github', { teams, groups: ['admins'] }, 'groups')).toEqual([
      'github:acme/dba',
      'github:acme/sre',
    ]);
    expect(groupsFrom('github', { teams: 'not a list' }, 'groups')).toEqual([]);
  });

  it('gives a Google Workspace account its verified domain, and a personal account nothing', () => {
    expect(groupsFrom('google', { hd: 'acme.com', email_verified: true }, 'groups')).toEqual(['google:acme.com']);
    expect(groupsFrom('google', { hd: 'acme.com', email_verified: false }, 'groups')).toEqual([]);
    expect(groupsFrom('google', { email_verified: true, groups: ['admins'] }, 'groups')).toEqual([]);
  });
});
