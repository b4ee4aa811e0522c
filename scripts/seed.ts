/**
 * `npm run seed -- --rows N`: adds N rows of demo data across the six tables of the watched primary (never the
 * console database of CONSOLE_DATABASE_URL), with
 * progress, and prints the rate. Starts the embedded PostgreSQL for the duration when it is not running.
 */
import { parseArgs } from 'node:util';
import { parseConnectionString } from '../lib/config/connection-string';
import { toPgPoolConfig } from '../lib/config/pg-pool-config';
import { getEnv } from '../lib/env';
import { errorMessage, redactSecrets } from '../lib/errors';
import { seedDemoData } from '../lib/seed/seed-demo-data';
import { checkReachable, resolveDatabaseUrl, startEmbedded } from '../lib/startup/database-target';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' }, seed: { type: 'string' } } });
const rows = Number(values.rows);
if (!Number.isInteger(rows) || rows < 6) {
  console.error(`--rows must be a whole number of at least 6, got "${values.rows}".`);
  process.exit(2);
}

const env = getEnv();
let stop = async () => {};
let target = await resolveDatabaseUrl(env);
const reachable = target
  ? await checkReachable(target.url).then(
      () => true,
      () => false,
    )
  : false;
if (!reachable && !env.DATABASE_URL) {
  const embedded = await startEmbedded(env, console.log);
  stop = embedded.stop;
  target = { url: embedded.url, source: 'embedded' };
}
if (!target) throw new Error('No database to seed.');
const connection = parseConnectionString(target.url);

try {
  const result = await seedDemoData(toPgPoolConfig(connection), rows, {
    seed: values.seed ? Number(values.seed) : undefined,
    onProgress: ({ table, written, total }) => {
      const line = `  ${table.padEnd(18)} ${written.toLocaleString('en').padStart(11)} / ${total.toLocaleString('en')}`;
      if (process.stdout.isTTY) process.stdout.write(`\r${line}`);
      else if (written === total) console.log(line);
      if (written === total && process.stdout.isTTY) process.stdout.write('\n');
    },
  });
  const rate = Math.round(result.rows / result.seconds);
  console.log(
    `Seeded ${result.rows.toLocaleString('en')} rows in ${result.seconds.toFixed(1)} s (${rate.toLocaleString('en')} rows/s).`,
  );
} catch (error) {
  console.error(`Seeding failed: ${redactSecrets(errorMessage(error), [connection.password])}`);
  process.exitCode = 1;
} finally {
  await stop();
}
