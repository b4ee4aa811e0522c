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
      // The integration tests against PostgreSQL 15, what the console embeds.
      integration('integration', 'tests/support/postgres-global-setup.ts'),
      // Every report, the sampler and /api/metrics once on each major from 12 to 18: one server each, started once.
      integration(
        'integration-versions',
        'tests/support/postgres-global-setup-majors.ts',
        'tests/integration-versions/**/*.test.ts',
      ),
      // The reports as an ordinary role with only pg_monitor.
      integration(
        'integration-monitor-role',
        'tests/support/postgres-global-setup-monitor.ts',
        'tests/integration-monitor/**/*.test.ts',
      ),
    ],
  },
});
