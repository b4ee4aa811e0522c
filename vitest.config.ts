import path from 'node:path';
import { defineConfig } from 'vitest/config';

// `server-only` throws outside React Server Components; in tests our lib modules run in plain Node.
const alias = { 'server-only': path.resolve('tests/support/empty-module.ts'), '@': path.resolve('.') };

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['lib/**/*.test.ts', 'tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/support/postgres-global-setup.ts'],
          setupFiles: ['tests/support/postgres-env.ts'],
          // One PostgreSQL for the run; files run one at a time so figures are not disturbed by other files.
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
