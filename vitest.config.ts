import path from 'node:path';
import { defineConfig } from 'vitest/config';

// `server-only` throws outside React Server Components; in tests our lib modules run in plain Node.
const alias = { 'server-only': path.resolve('tests/support/empty-module.ts'), '@': path.resolve('.') };

function integration(name: string, globalSetup: string, include = 'tests/integration/**/*.test.ts') {
  return {
    resolve: { alias },
    test: {
      name,
      include: [include],
      environment: 'node',
      globalSetup: [globalSetup],
      setupFiles: ['tests/support/postgres-env.ts'],
      // One PostgreSQL per project; files run one at a time so figures are not disturbed by other files.
      fileParallelism: false,
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  };
}

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['lib/**/*.test.ts', 'tests/unit/**/*.test.ts'], environment: 'node' },
      },
      // The same integration tests against two PostgreSQL majors: 15 (what the console embeds) and 17.
      integration('integration', 'tests/support/postgres-global-setup.ts'),
      integration('integration-pg17', 'tests/support/postgres-global-setup-17.ts'),
      // The reports as an ordinary role with only pg_monitor.
      integration('integration-monitor-role', 'tests/support/postgres-global-setup-monitor.ts', 'tests/integration-monitor/**/*.test.ts'),
    ],
  },
});
