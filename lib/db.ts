/**
 * The Prisma clients. `getPrisma()` reaches the console store — the console schema (users, samples, alerts, audit,
 * backup records, evidence) in CONSOLE_DATABASE_URL's database, else in the primary's. `getPrimaryPrisma()` reaches
 * the six application tables on the primary (DATABASE_URL); without CONSOLE_DATABASE_URL both are one client, so a
 * write and its audit entry share a transaction. Raw monitoring SQL goes through lib/pg/client.ts instead, with
 * its own small pools and timeouts.
 */
import 'server-only';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';
import type { ParsedConnection } from './config/connection-string';
import { toPgPoolConfig } from './config/pg-pool-config';
import { getConsoleDatabaseConnection, getDatabaseConnection, hasSeparateConsoleDatabase } from './env';
import { storeOutageTracker } from './store/outage';
import { TrackedPool } from './store/store-pool';

const APPLICATION_NAME = 'halcytone-console';

/**
 * Limits on every statement of these clients, set on the connection: no statement of the console's own takes
 * long, and an operator's write to an application row must not hang behind the application's lock on it — it
 * fails after WRITE_LOCK_TIMEOUT_MS with a message saying so (lib/errors.ts timeoutError). A statement that gets no
 * answer at all (the server's host gone without a word) is given up after QUERY_TIMEOUT_MS, so a page or the
 * sampler waits at most that long before an outage is noticed.
 */
const STATEMENT_TIMEOUT_MS = 15_000;
const WRITE_LOCK_TIMEOUT_MS = 3_000;
const QUERY_TIMEOUT_MS = 20_000;

function limitedConfig(connection: ParsedConnection) {
  return {
    ...toPgPoolConfig(connection, { applicationName: APPLICATION_NAME }),
    statement_timeout: STATEMENT_TIMEOUT_MS,
    lock_timeout: WRITE_LOCK_TIMEOUT_MS,
    query_timeout: QUERY_TIMEOUT_MS,
  };
}

function createStoreClient(): PrismaClient {
  const connection = getConsoleDatabaseConnection();
  const pool = new TrackedPool(limitedConfig(connection), storeOutageTracker(), [connection.password]);
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}

function createPrimaryClient(): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(limitedConfig(getDatabaseConnection())) });
}

// One client of each per process, also across Next's development hot reloads.
const globalForPrisma = globalThis as unknown as { consolePrisma?: PrismaClient; primaryPrisma?: PrismaClient };

/** The console store. */
export function getPrisma(): PrismaClient {
  globalForPrisma.consolePrisma ??= createStoreClient();
  return globalForPrisma.consolePrisma;
}

/** The six application tables on the primary (the console store's client when there is no separate one). */
export function getPrimaryPrisma(): PrismaClient {
  if (!hasSeparateConsoleDatabase()) return getPrisma();
  globalForPrisma.primaryPrisma ??= createPrimaryClient();
  return globalForPrisma.primaryPrisma;
}
