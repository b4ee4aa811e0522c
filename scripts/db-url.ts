/**
 * `npm run db:url`: prints the connection URL of the watched primary (embedded or DATABASE_URL), rewritten to what
 * libpq accepts (the guide's pool parameters dropped), so `psql "$(npm run -s db:url)"` opens it.
 * `npm run db:url -- --console`: the console's own database instead (CONSOLE_DATABASE_URL, else the same one).
 */
import { parseConnectionString, toLibpqUrl } from '../lib/config/connection-string';
import { getEnv } from '../lib/env';
import { resolveDatabaseUrl } from '../lib/startup/database-target';

const env = getEnv();
const wantsConsole = process.argv.includes('--console');
const primary = await resolveDatabaseUrl(env);
const url = wantsConsole && env.CONSOLE_DATABASE_URL ? env.CONSOLE_DATABASE_URL : primary?.url;
if (!url) {
  console.error('No database yet: run `npm start` once (it creates the embedded PostgreSQL), or set DATABASE_URL.');
  process.exit(1);
}
console.log(toLibpqUrl(parseConnectionString(url)));
