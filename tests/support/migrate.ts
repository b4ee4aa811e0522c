/**
 * Applies the Prisma migrations as `npm start` does (lib/startup/migrations.ts): the tables' history to the
 * primary, the console's to the console database (the primary unless given). Synchronous, for global setups.
 */
import { execFileSync } from 'node:child_process';
import { DEPLOY_CONSOLE, DEPLOY_TABLES, migrationEnv, PRISMA_CLI } from '../../lib/startup/migrations';

export function applyMigrations(primaryUrl: string, consoleUrl = primaryUrl): void {
  const env = migrationEnv(process.env, { primaryUrl, consoleUrl });
  for (const args of [DEPLOY_TABLES, DEPLOY_CONSOLE])
    execFileSync(process.execPath, [PRISMA_CLI, ...args], { env, stdio: 'pipe' });
}
