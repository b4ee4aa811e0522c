/**
 * A console process of its own, for benchmarks and for end-to-end tests of a deployment switch: built if its
 * sources changed, started with `next start` against a database the caller controls, and viewers signed in
 * through next-auth's credentials flow as a browser would.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { hashPassword } from '../../lib/auth/password';
import { findFreePort } from '../../lib/embedded/embedded-server';
import { computeSourceStamp, isBuildCurrent, recordBuild } from '../../lib/startup/build-stamp';
import { runProject, spawnProject } from '../../lib/startup/run-command';
import pg from 'pg';

const NEXT = path.join('node_modules', 'next', 'dist', 'bin', 'next');
export const VIEWER_PASSWORD = 'bench-viewer-password';

export interface ConsoleProcess {
  base: string;
  stop(): void;
}

export async function buildIfNeeded(): Promise<void> {
  const root = process.cwd();
  if (isBuildCurrent(root)) return;
  const stamp = computeSourceStamp(root);
  await runProject(path.join(root, NEXT), ['build'], { env: process.env, prefix: '[build] ' });
  recordBuild(root, stamp);
}

/** Starts the built console on a free port against `databaseUrl`; resolves once /api/health answers 200. */
export async function startConsole(
  databaseUrl: string,
  env: Record<string, string> = {},
  port?: number,
): Promise<ConsoleProcess> {
  port ??= await findFreePort();
  const base = `http://127.0.0.1:${port}`;
  // As `npm start` serves it (scripts/serve.ts): the socket's address reaches the console.
  const server = spawnProject(
    path.join(process.cwd(), 'node_modules', 'tsx', 'dist', 'cli.mjs'),
    [path.join(process.cwd(), 'scripts', 'serve.ts')],
    {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        NEXTAUTH_SECRET: randomBytes(32).toString('hex'),
        NEXTAUTH_URL: base,
        NODE_ENV: 'production',
        PORT: String(port),
        ...env,
      },
      prefix: '[console] ',
    },
  );
  for (
    let i = 0;
    i < 300 &&
    !(await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    ));
    i++
  )
    await new Promise((r) => setTimeout(r, 200));
  return { base, stop: () => void server.kill('SIGTERM') };
}

/** Creates `count` viewers (viewer0@bench.local …) with VIEWER_PASSWORD; returns their e-mails. */
export async function createViewers(databaseUrl: string, count: number): Promise<string[]> {
  const hash = await hashPassword(VIEWER_PASSWORD);
  const emails = Array.from({ length: count }, (_, i) => `viewer${i}@bench.local`);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO console.users (email, name, role, password_hash) SELECT e, e, 'viewer', $2 FROM unnest($1::text[]) AS e ON CONFLICT (email) DO NOTHING`,
      [emails, hash],
    );
  } finally {
    await client.end();
  }
  return emails;
}

/** Signs in through next-auth's credentials endpoint; returns the session cookie. */
export async function signIn(base: string, email: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookies = csrf.headers.getSetCookie().map((c) => c.split(';')[0]);
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookies.join('; ') },
    body: new URLSearchParams({ csrfToken, email, password: VIEWER_PASSWORD, json: 'true' }),
    redirect: 'manual',
  });
  const session = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('next-auth.session-token='));
  if (!session) throw new Error(`sign-in failed for ${email} (${response.status})`);
  return session;
}
