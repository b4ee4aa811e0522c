/** Applies the Prisma migrations to a database, exactly as `npm start` does. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export function applyMigrations(databaseUrl: string): void {
  execFileSync(process.execPath, [path.resolve('node_modules/prisma/build/index.js'), 'migrate', 'deploy'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: '1' },
    stdio: 'pipe',
  });
}
