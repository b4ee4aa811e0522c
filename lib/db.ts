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
import { toPgPoolConfig } from './config/pg-pool-config';
import { getConsoleDatabaseConnection, getDatabaseConnection, hasSeparateConsoleDatabase } from './env';
import { storeOutageTracker } from './store/outage';
import { TrackedPool } from './store/store-pool';

const APPLICATION_NAME = 'halcytone-console';

/**
 * No statement of the console's own takes long; one that gets no answer at all (the server's host gone without a
 * word) is given up after this, so a page or the sampler waits at most this long before the outage is noticed.
 */
const STORE_QUERY_TIMEOUT_MS = 20_000;

function createStoreClient(): PrismaClient {
  const connection = getConsoleDatabaseConnection();
  const config = { ...toPgPoolConfig(connection, { applicationName: APPLICATION_NAME }), query_timeout: STORE_QUERY_TIMEOUT_MS };
  const pool = new TrackedPool(config, storeOutageTracker(), [connection.password]);
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}

function createPrimaryClient(): PrismaClient {
  const config = toPgPoolConfig(getDatabaseConnection(), { applicationName: APPLICATION_NAME });
  return new PrismaClient({ adapter: new PrismaPg(config) });
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
