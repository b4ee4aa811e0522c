/**
 * Prisma CLI configuration for the six application tables' migrations (prisma/app-migrations), applied to the
 * watched primary (DATABASE_URL): `prisma migrate deploy --config prisma/app.config.ts`. Kept apart from the
 * console's own history (prisma.config.ts) so that CONSOLE_DATABASE_URL can hold the console schema elsewhere.
 * Both histories share a database's _prisma_migrations table when they share the database; their names differ.
 */
import { defineConfig } from 'prisma/config';
import { migrationAdapterFor } from './migration-adapter';

export default defineConfig({
  // Paths of a config file given with --config are relative to that file.
  schema: 'schema.prisma',
  migrations: { path: 'app-migrations' },
  experimental: { adapter: true },
  engine: 'js',
  adapter: migrationAdapterFor('application'),
});
