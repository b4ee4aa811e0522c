/**
 * Sign-in through an identity provider (lib/auth/federated-sign-in.ts) against the real console store, from the
 * claims next-auth hands over once it has validated the provider's answer: the person is created at the first sign-in
 * without a password, the role and the per-target roles are re-derived at every sign-in and audited when they change,
 * and every refusal (no mapped group, wrong issuer, disabled, e-mail already used, no e-mail) is audited with why.
 */
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '@/lib/audit/record-audit-event';
import { admitFederatedSignIn, type FederatedSignIn } from '@/lib/auth/federated-sign-in';
import { getPrisma } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { ensureAdmin, insertUser, writeUserDisabled } from '@/lib/users/users';

const prisma = getPrisma();
const ISSUER = 'https://idp.example.com/realms/staff';
const env = getEnv({
  ...process.env,
  ADMIN_EMAIL: 'federated-admin@example.com',
  OIDC_ISSUER: ISSUER,
  OIDC_CLIENT_ID: 'halcytone',
  OIDC_CLIENT_SECRET: 'not-used-here',
  OIDC_ADMIN_VALUES: 'dba-leads',
  OIDC_OPERATOR_VALUES: 'prod-dba, sre',
  OIDC_VIEWER_VALUES: 'staff',
  OIDC_TARGET_ROLES: 'staff=viewer@primary, sre=viewer@replica-1',
});

function signIn(subject: string, claims: Record<string, unknown>, provider: FederatedSignIn['provider'] = 'oidc') {
  return admitFederatedSignIn(
    {
      provider,
      subject,
      claims: provider === 'oidc' ? { iss: ISSUER, sub: subject, ...claims } : claims,
      clientAddress: '198.51.100.7',
      sessionSeconds: 3_600,
    },
    env,
  );
}

const auditOf = (target: string) =>
  prisma.auditEvent.findMany({
    where: { target },
    orderBy: { id: 'asc' },
    select: { action: true, before: true, after: true },
  });

const claimRows = (userId: number) =>
  prisma.userTargetRole.findMany({
    where: { userId },
    orderBy: [{ targetName: 'asc' }, { source: 'asc' }],
    select: { targetName: true, source: true, role: true },
  });

describe('a first sign-in', () => {
  it('creates the person without a password, with the role and target roles the groups give, and a session', async () => {
    const outcome = await signIn('sub-ada', { email: 'Ada@IdP.example.com', name: 'Ada', groups: ['sre', 'staff'] });
    expect(outcome).toMatchObject({ ok: true, user: { email: 'ada@idp.example.com', name: 'Ada', role: 'operator' } });
    if (!outcome.ok) return;
    const stored = await prisma.user.findUniqueOrThrow({ where: { id: outcome.user.id } });
    expect(stored).toMatchObject({ identityProvider: 'oidc', identitySubject: 'sub-ada', passwordHash: null });
    expect(await claimRows(stored.id)).toEqual([
      { targetName: 'primary', source: 'claims', role: 'viewer' },
      { targetName: 'replica-1', source: 'claims', role: 'viewer' },
    ]);
    const session = await prisma.userSession.findUniqueOrThrow({ where: { id: outcome.sessionId } });
    expect(session).toMatchObject({ userId: stored.id, provider: 'oidc', clientAddress: '198.51.100.7' });
    expect((await auditOf('user:ada@idp.example.com')).map((event) => [event.action, event.after])).toEqual([
      [
        'user.create',
        { email: 'ada@idp.example.com', name: 'Ada', role: 'operator', provider: 'oidc', subject: 'sub-ada' },
      ],
      [
        'user.target-roles.from-claims',
        { targetRoles: { primary: 'viewer', 'replica-1': 'viewer' }, provider: 'oidc' },
      ],
      ['auth.sign-in', { clientAddress: '198.51.100.7', provider: 'oidc' }],
    ]);
  });
});

describe('a later sign-in', () => {
  it('re-derives the role and rewrites the claims’ target roles, auditing only what changed; an admin’s rows stay', async () => {
    const first = await signIn('sub-bo', { email: 'bo@idp.example.com', groups: ['dba-leads', 'staff'] });
    if (!first.ok) throw new Error('first sign-in refused');
    const id = first.user.id;
    await prisma.userTargetRole.create({
      data: { userId: id, targetName: 'replica-1', source: 'admin', role: 'viewer' },
    });

    const again = await signIn('sub-bo', { email: 'bo@idp.example.com', groups: ['dba-leads', 'staff'] });
    expect(again).toMatchObject({ ok: true, user: { id, role: 'admin' } });
    const lowered = await signIn('sub-bo', { email: 'bo@idp.example.com', groups: ['prod-dba', 'sre'] });
    expect(lowered).toMatchObject({ ok: true, user: { id, role: 'operator' } });
    expect((await prisma.user.findUniqueOrThrow({ where: { id } })).role).toBe('operator');
    expect(await claimRows(id)).toEqual([
      { targetName: 'replica-1', source: 'claims', role: 'viewer' },
      { targetName: 'replica-1', source: 'admin', role: 'viewer' },
    ]);

    const audit = await auditOf('user:bo@idp.example.com');
    expect(audit.map((event) => event.action)).toEqual([
      'user.create',
      'user.target-roles.from-claims',
      'auth.sign-in',
      'auth.sign-in',
      'user.role.from-claims',
      'user.target-roles.from-claims',
      'auth.sign-in',
    ]);
    expect(audit[4]).toMatchObject({ before: { role: 'admin' }, after: { role: 'operator', provider: 'oidc' } });
    expect(audit[5]).toMatchObject({
      before: { targetRoles: { primary: 'viewer' } },
      after: { targetRoles: { 'replica-1': 'viewer' }, provider: 'oidc' },
    });
  });

  it('takes a changed name and e-mail from the provider, the person staying who they are', async () => {
    const first = await signIn('sub-cy', { email: 'cy@idp.example.com', name: 'Cy', groups: ['staff'] });
    const renamed = await signIn('sub-cy', { email: 'cyrus@idp.example.com', name: 'Cyrus', groups: ['staff'] });
    expect(first.ok && renamed.ok && renamed.user.id === first.user.id).toBe(true);
    expect(renamed).toMatchObject({ ok: true, user: { email: 'cyrus@idp.example.com', name: 'Cyrus' } });
    expect((await auditOf('user:cyrus@idp.example.com')).map((event) => [event.action, event.before])).toEqual([
      ['user.email.from-claims', { email: 'cy@idp.example.com' }],
      ['auth.sign-in', null],
    ]);
  });
});

describe('a refused sign-in', () => {
  it('without a mapped group creates nobody, and the audit names the values that were sent', async () => {
    expect(await signIn('sub-dee', { email: 'dee@idp.example.com', groups: ['marketing'] })).toEqual({
      ok: false,
      error: 'NoRole',
    });
    expect(await prisma.user.findUnique({ where: { email: 'dee@idp.example.com' } })).toBeNull();
    expect(await auditOf('identity:oidc:sub-dee')).toEqual([
      {
        action: 'auth.sign-in.refused',
        before: null,
        after: {
          clientAddress: '198.51.100.7',
          reason: 'no mapped group',
          provider: 'oidc',
          subject: 'sub-dee',
          email: 'dee@idp.example.com',
          values: ['marketing'],
        },
      },
    ]);
  });

  it('by a known person who lost every mapped group keeps their account and role, refused', async () => {
    const first = await signIn('sub-eve', { email: 'eve@idp.example.com', groups: ['prod-dba'] });
    expect(await signIn('sub-eve', { email: 'eve@idp.example.com', groups: [] })).toEqual({
      ok: false,
      error: 'NoRole',
    });
    expect(first.ok && (await prisma.user.findUniqueOrThrow({ where: { id: first.user.id } })).role).toBe('operator');
    const [refusal] = (await auditOf('user:eve@idp.example.com')).filter((e) => e.action === 'auth.sign-in.refused');
    expect(refusal.after).toMatchObject({ reason: 'no mapped group', values: [] });
  });

  it('from an issuer other than OIDC_ISSUER is refused, however valid its tokens were', async () => {
    const outcome = await admitFederatedSignIn(
      {
        provider: 'oidc',
        subject: 'sub-fay',
        claims: {
          iss: 'https://impostor.example.com',
          sub: 'sub-fay',
          email: 'fay@idp.example.com',
          groups: ['dba-leads'],
        },
        clientAddress: '198.51.100.7',
        sessionSeconds: 3_600,
      },
      env,
    );
    expect(outcome).toEqual({ ok: false, error: 'WrongIssuer' });
    expect(await prisma.user.findUnique({ where: { email: 'fay@idp.example.com' } })).toBeNull();
    const [refusal] = await auditOf('identity:oidc:sub-fay');
    expect(refusal.after).toMatchObject({
      reason: 'wrong issuer',
      issuer: 'https://impostor.example.com',
      expected: ISSUER,
    });
  });

  it('of a disabled person is refused, whatever the groups say', async () => {
    const first = await signIn('sub-gus', { email: 'gus@idp.example.com', groups: ['staff'] });
    if (!first.ok) throw new Error('first sign-in refused');
    await writeUserDisabled(prisma, SYSTEM_ACTOR, first.user.id, true);
    expect(await signIn('sub-gus', { email: 'gus@idp.example.com', groups: ['dba-leads'] })).toEqual({
      ok: false,
      error: 'Disabled',
    });
    const user = await prisma.user.findUniqueOrThrow({ where: { id: first.user.id } });
    expect(user).toMatchObject({ role: 'viewer', disabledAt: expect.any(Date) });
    const [refusal] = (await auditOf('user:gus@idp.example.com')).filter((e) => e.action === 'auth.sign-in.refused');
    expect(refusal.after).toMatchObject({ reason: 'disabled account', provider: 'oidc' });
  });

  it('with an e-mail of a password account or ADMIN_EMAIL is never linked to it', async () => {
    await insertUser(prisma, SYSTEM_ACTOR, {
      email: 'hal@idp.example.com',
      name: 'Hal',
      role: 'viewer',
      password: 'hal-long-password',
    });
    await ensureAdmin(prisma, SYSTEM_ACTOR, 'federated-admin@example.com', 'federated-admin-password');
    expect(await signIn('sub-hal', { email: 'HAL@idp.example.com', groups: ['dba-leads'] })).toEqual({
      ok: false,
      error: 'EmailInUse',
    });
    expect(await signIn('sub-root', { email: 'federated-admin@example.com', groups: ['dba-leads'] })).toEqual({
      ok: false,
      error: 'EmailInUse',
    });
    for (const email of ['hal@idp.example.com', 'federated-admin@example.com']) {
      const user = await prisma.user.findUniqueOrThrow({ where: { email } });
      expect(user).toMatchObject({ identityProvider: null, identitySubject: null });
      const [refusal] = (await auditOf(`user:${email}`)).filter((e) => e.action === 'auth.sign-in.refused');
      expect(refusal.after).toMatchObject({ reason: 'e-mail in use by another account', signsInWith: 'password' });
    }
    expect(await prisma.user.findUniqueOrThrow({ where: { email: 'hal@idp.example.com' } })).toMatchObject({
      role: 'viewer',
    });
  });

  it('without an e-mail is refused at the first sign-in', async () => {
    expect(await signIn('sub-ivy', { groups: ['staff'] })).toEqual({ ok: false, error: 'NoEmail' });
    expect((await auditOf('identity:oidc:sub-ivy'))[0].after).toMatchObject({ reason: 'no e-mail claim' });
  });
});

describe('GitHub and Google', () => {
  it('map teams and the Workspace domain through the same values, each provider its own identity', async () => {
    const gitHubEnv = getEnv({
      ...process.env,
      GITHUB_CLIENT_ID: 'h',
      GITHUB_CLIENT_SECRET: 'hs',
      OIDC_OPERATOR_VALUES: 'github:acme/dba',
      OIDC_VIEWER_VALUES: 'google:acme.com',
    });
    const viaGitHub = await admitFederatedSignIn(
      {
        provider: 'github',
        subject: '4242',
        claims: {
          id: 4242,
          login: 'jo',
          email: 'jo@acme.com',
          teams: [{ slug: 'dba', organization: { login: 'acme' } }],
        },
        clientAddress: '198.51.100.7',
        sessionSeconds: 3_600,
      },
      gitHubEnv,
    );
    expect(viaGitHub).toMatchObject({ ok: true, user: { email: 'jo@acme.com', name: 'jo', role: 'operator' } });
    const viaGoogle = await admitFederatedSignIn(
      {
        provider: 'google',
        subject: '4242',
        claims: { sub: '4242', email: 'kim@acme.com', email_verified: true, hd: 'acme.com' },
        clientAddress: '198.51.100.7',
        sessionSeconds: 3_600,
      },
      gitHubEnv,
    );
    expect(viaGoogle).toMatchObject({ ok: true, user: { email: 'kim@acme.com', role: 'viewer' } });
    expect(viaGitHub.ok && viaGoogle.ok && viaGitHub.user.id !== viaGoogle.user.id).toBe(true);
  });
});
