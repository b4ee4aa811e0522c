// Points the console's configuration (lib/env.ts) at the test PostgreSQL before any test module loads it.
import { inject } from 'vitest';

process.env.DATABASE_URL = inject('databaseUrl');
process.env.CONSOLE_DATABASE_SOURCE = 'embedded';
// One monitoring connection: while a figure is computed exactly one console session is active, so tests can
// account for it exactly.
process.env.PG_MONITOR_POOL_MAX = '1';
