/**
 * The one Prisma client: the console schema (users, audit) and typed reads of the six application tables.
 * Raw monitoring SQL does not go through here but through lib/pg/client.ts, with its own small pool and timeouts.
 */
import 'server-only';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';
import { toPgPoolConfig } from './config/pg-pool-config';
import { getDatabaseConnection } from './env';

function createPrismaClient(): PrismaClient {
  const config = toPgPoolConfig(getDatabaseConnection(), { applicationName: 'halcytone-console' });
  return new PrismaClient({ adapter: new PrismaPg(config) });
}

// One client per process, also across Next's development hot reloads.
const globalForPrisma = globalThis as unknown as { consolePrisma?: PrismaClient };

export function getPrisma(): PrismaClient {
  globalForPrisma.consolePrisma ??= createPrismaClient();
  return globalForPrisma.consolePrisma;
}
