/**
 * The identity providers people may sign in with, from the environment (docs/sign-in.md): a generic OpenID Connect
 * provider (OIDC_ISSUER), GitHub and Google through next-auth's own providers. Each one's groups are read into one
 * list (groupsFrom) that OIDC_ADMIN_VALUES, OIDC_OPERATOR_VALUES and OIDC_VIEWER_VALUES map to roles
 * (lib/auth/claim-roles.ts); GitHub's and Google's carry a prefix so they never collide with the IdP's group names.
 */
import 'server-only';
import type { OAuthConfig, Provider } from 'next-auth/providers/index';
import GitHubProvider from 'next-auth/providers/github';
import GoogleProvider from 'next-auth/providers/google';
import { z } from 'zod';
import type { Env } from '../env';
import { claimValues } from './claim-roles';

export type FederatedProviderId = 'oidc' | 'github' | 'google';

/** The claims of a validated id_token (openid-client checked its signature, audience, expiry and issuer). */
type Claims = Record<string, unknown>;

/** A sign-in button on the login page: "Sign in with <name>". */
export interface SignInButton {
  id: FederatedProviderId;
  name: string;
}

/** The providers this deployment configured, in the order the login page offers them. */
export function signInButtons(env: Env): SignInButton[] {
  const buttons: SignInButton[] = [];
  if (env.OIDC_ISSUER) buttons.push({ id: 'oidc', name: env.OIDC_NAME });
  if (env.GITHUB_CLIENT_ID) buttons.push({ id: 'github', name: 'GitHub' });
  if (env.GOOGLE_CLIENT_ID) buttons.push({ id: 'google', name: 'Google' });
  return buttons;
}

/** Every configured identity provider as next-auth wants it (the password provider is added by lib/auth/options.ts). */
export function federatedProviders(env: Env): Provider[] {
  return signInButtons(env).map(({ id }) => {
    if (id === 'oidc') return oidcProvider(env);
    if (id === 'github') return githubProvider(env);
    return GoogleProvider({ clientId: env.GOOGLE_CLIENT_ID!, clientSecret: env.GOOGLE_CLIENT_SECRET! });
  });
}

/** An issuer identifier without its trailing slash (Auth0's has one, most have none; `.well-known` is appended). */
export function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** OpenID Connect requires the issuer to match exactly; only a trailing slash is forgiven (Auth0's has one). */
export function isConfiguredIssuer(issuer: unknown, configured: string | undefined): boolean {
  return (
    typeof issuer === 'string' &&
    configured !== undefined &&
    withoutTrailingSlash(issuer) === withoutTrailingSlash(configured)
  );
}

/**
 * next-auth 4 has no generic OpenID Connect provider: an OAuth provider with discovery (`wellKnown`, read on every
 * sign-in), the id_token validated (`idToken`), PKCE and state checked. next-auth does not compare the discovered
 * issuer with the configured one; lib/auth/federated-sign-in.ts does.
 */
export function oidcProvider(env: Env): OAuthConfig<Claims> {
  return {
    id: 'oidc',
    name: env.OIDC_NAME,
    type: 'oauth',
    wellKnown: `${withoutTrailingSlash(env.OIDC_ISSUER!)}/.well-known/openid-configuration`,
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET,
    authorization: { params: { scope: env.OIDC_SCOPES } },
    checks: ['pkce', 'state'],
    idToken: true,
    userinfo: {
      // Entra ID puts groups only in the id_token; Okta's org authorization server and Keycloak without "Add to ID
      // token" only at userinfo. The id_token is read first and userinfo asked only for what it lacks.
      async request({ tokens, client }) {
        const claims = idTokenClaims(tokens);
        if (!needsUserinfo(claims, env.OIDC_ROLE_CLAIM) || !client.issuer.metadata.userinfo_endpoint) return claims;
        if (!tokens.access_token) return claims;
        return withUserinfo(claims, await client.userinfo(tokens.access_token), env.OIDC_ROLE_CLAIM);
      },
    },
    profile: (claims) => ({
      id: String(claims.sub),
      name: firstString(claims.name, claims.preferred_username, claims.email, claims.sub),
      email: typeof claims.email === 'string' ? claims.email : null,
    }),
  };
}

/** The id_token's claims from the token set openid-client hands over (a TokenSet instance, typed loosely by next-auth). */
function idTokenClaims(tokens: unknown): Claims {
  const claims = (tokens as { claims?: unknown }).claims;
  if (typeof claims !== 'function') throw new Error('The identity provider returned no id_token.');
  return claims.call(tokens) as Claims;
}

function needsUserinfo(claims: Claims, roleClaim: string): boolean {
  return !(roleClaim in claims) || typeof claims.email !== 'string';
}

/**
 * The id_token's claims completed by userinfo's: identity (iss, sub, …) always from the id_token, which was
 * validated; the role claim's values from both. A userinfo answer for another subject is refused (OpenID Connect
 * Core 1.0 §5.3.2: its `sub` must equal the id_token's).
 */
export function withUserinfo(claims: Claims, userinfo: Claims, roleClaim: string): Claims {
  if (userinfo.sub !== claims.sub) throw new Error('The userinfo answer is about another subject than the id_token.');
  const values = [...new Set([...claimValues(claims, roleClaim), ...claimValues(userinfo, roleClaim)])];
  return { ...userinfo, ...claims, [roleClaim]: values };
}

const GITHUB_API = 'https://api.github.com';
const githubTeamsSchema = z.array(
  z.object({ slug: z.string(), organization: z.object({ login: z.string() }) }).loose(),
);

/**
 * GitHub: OAuth only (no id_token, no groups claim); teams stand in for groups (`read:org`, and the organisation
 * must allow the app). next-auth merges these options over its defaults, so `request` here replaces its own: the
 * same profile and primary e-mail, plus the teams.
 */
function githubProvider(env: Env): Provider {
  return GitHubProvider({
    clientId: env.GITHUB_CLIENT_ID!,
    clientSecret: env.GITHUB_CLIENT_SECRET!,
    authorization: { params: { scope: 'read:user user:email read:org' } },
    userinfo: {
      async request({ tokens, client }) {
        const token = tokens.access_token!;
        const profile: Claims = await client.userinfo(token);
        const emails = typeof profile.email === 'string' ? [] : await githubGet(token, '/user/emails');
        return {
          ...profile,
          email: primaryEmail(profile.email, emails) ?? undefined,
          teams: await githubGet(token, '/user/teams'),
        };
      },
    },
  });
}

async function githubGet(token: string, path: string): Promise<unknown> {
  const response = await fetch(`${GITHUB_API}${path}?per_page=100`, {
    headers: {
      Authorization: `Bearer ${token}`,
      Accept: 'application/vnd.github+json',
      'User-Agent': 'halcytone-db-console',
    },
  });
  if (!response.ok) throw new Error(`GitHub ${path} answered ${response.status}.`);
  return response.json();
}

const githubEmailsSchema = z.array(
  z.object({ email: z.string(), primary: z.boolean(), verified: z.boolean() }).loose(),
);

/** The profile's public e-mail, else the primary verified one of /user/emails. */
function primaryEmail(publicEmail: unknown, emails: unknown): string | null {
  if (typeof publicEmail === 'string') return publicEmail;
  const parsed = githubEmailsSchema.safeParse(emails);
  return parsed.success ? (parsed.data.find((entry) => entry.primary && entry.verified)?.email ?? null) : null;
}

/**
 * The values a person's sign-in gives for role mapping: the OIDC_ROLE_CLAIM claim of an OpenID Connect provider;
 * `github:<org>/<team>` for each GitHub team; `google:<domain>` for a Google Workspace account whose e-mail Google
 * verified (Google's id_token carries no groups, only the Workspace domain `hd`).
 */
export function groupsFrom(provider: FederatedProviderId, profile: Claims, roleClaim: string): string[] {
  if (provider === 'oidc') return claimValues(profile, roleClaim);
  if (provider === 'github') {
    const teams = githubTeamsSchema.safeParse(profile.teams);
    return teams.success ? teams.data.map((team) => `github:${team.organization.login}/${team.slug}`) : [];
  }
  return typeof profile.hd === 'string' && profile.email_verified === true ? [`google:${profile.hd}`] : [];
}

function firstString(...values: unknown[]): string {
  return values.find((value): value is string => typeof value === 'string' && value.trim().length > 0) ?? '';
}
