/**
 * `npm run db:url`: prints the connection URL of the database in use (embedded or DATABASE_URL), rewritten to
 * what libpq accepts (the guide's pool parameters dropped), so `psql "$(npm run -s db:url)"` opens it.
 */
import { parseConnectionString, toLibpqUrl } from '../lib/config/connection-string';
import { getEnv } from '../lib/env';
import { resolveDatabaseUrl } from '../lib/startup/database-target';

const target = await resolveDatabaseUrl(getEnv());
if (!target) {
  console.error('No database yet: run `npm start` once (it creates the embedded PostgreSQL), or set DATABASE_URL.');
  process.exit(1);
}
console.log(toLibpqUrl(parseConnectionString(target.url)));
