/**
 * Prisma CLI configuration: the client is generated from prisma/schema.prisma, and this file's migrations are the
 * console's own tables (prisma/migrations, in CONSOLE_DATABASE_URL's database, else DATABASE_URL's). The six
 * application tables have their own history (prisma/app.config.ts). Prisma 6.19's JavaScript migration engine is
 * used because the native schema engine is a download (binaries.prisma.sh) that offline machines cannot make; it
 * talks to PostgreSQL through the same connection-string parser as the console.
 */
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { migrationAdapterFor } from './prisma/migration-adapter';

export default defineConfig({
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  experimental: { adapter: true },
  engine: 'js',
  adapter: migrationAdapterFor('console'),
});
