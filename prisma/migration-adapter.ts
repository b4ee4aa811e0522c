/**
 * The driver adapter Prisma's JavaScript migration engine uses. Kept apart from prisma.config.ts because of one
 * workaround: prisma/orm#27403 — the JS engine cannot deserialize catalog columns of type `name` (oid 19),
 * `"char"` (oid 18) and `name[]` (oid 1003). We report those columns to Prisma as text / text[]; their values
 * are plain strings already, so nothing else changes.
 */
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { parseConnectionString } from '../lib/config/connection-string';
import { toPgPoolConfig } from '../lib/config/pg-pool-config';

const TEXT_OID = 25;
const TEXT_ARRAY_OID = 1009;
const REMAPPED_OIDS: Record<number, number> = { 19: TEXT_OID, 18: TEXT_OID, 1003: TEXT_ARRAY_OID };

function remapCatalogTypes(result: unknown): unknown {
  const fields = (result as { fields?: { dataTypeID: number }[] } | undefined)?.fields;
  for (const field of fields ?? []) {
    const replacement = REMAPPED_OIDS[field.dataTypeID];
    if (replacement !== undefined) field.dataTypeID = replacement;
  }
  return result;
}

/** A pool whose query results carry the remapped type ids. */
class CatalogFriendlyPool extends pg.Pool {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pg's overloaded signature
  query(...args: any[]): any {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const pending = (super.query as any)(...args);
    return pending instanceof Promise ? pending.then(remapCatalogTypes) : pending;
  }
}

/**
 * The adapter factory for one migration history: the console's own (prisma/migrations, in CONSOLE_DATABASE_URL's
 * database, else DATABASE_URL's) or the six application tables' (prisma/app-migrations, in DATABASE_URL's).
 */
export function migrationAdapterFor(history: 'console' | 'application') {
  return async () => {
    const url =
      history === 'console' ? process.env.CONSOLE_DATABASE_URL || process.env.DATABASE_URL : process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set; run migrations through `npm start` or set it.');
    const config = toPgPoolConfig(parseConnectionString(url), { max: 2, idleTimeoutMillis: 1_000 });
    return new PrismaPg(new CatalogFriendlyPool(config));
  };
}
