import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from './e2e/support/chromium';
import { E2E } from './e2e/support/settings';

// The console runs exactly as a newcomer starts it (`npm start`), on a fresh embedded PostgreSQL in .data-e2e.
export default defineConfig({
  testDir: 'e2e',
  // A console database restarted by the outage spec is not the web server's to stop (e2e/support/console-database.ts).
  globalTeardown: './e2e/support/global-teardown.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  timeout: 60_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL: E2E.baseUrl,
    trace: 'retain-on-failure',
    launchOptions: CHROMIUM_LAUNCH_OPTIONS,
  },
  projects: [{ name: 'desktop', use: { ...devices['Desktop Chrome'], channel: undefined } }],
  webServer: {
    command: `rm -rf ${E2E.dataDir} && npm start`,
    url: `${E2E.baseUrl}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: {
      PORT: String(E2E.port),
      DATA_DIR: E2E.dataDir,
      ADMIN_EMAIL: E2E.admin.email,
      ADMIN_PASSWORD: E2E.admin.password,
      SEED_ROWS: '3000',
      SAMPLE_INTERVAL_SECONDS: '2',
      // The insights rollups catch up with the million rows e2e/insights.spec.ts adds within seconds.
      INSIGHTS_INTERVAL_SECONDS: '2',
      INSIGHTS_CYCLE_BUDGET_MS: '500',
      LONG_RUNNING_SECONDS: '3',
      // Workload history fills within seconds: active sessions every second, statement differences every 3 s.
      ACTIVITY_SAMPLE_SECONDS: '1',
      STATEMENT_SAMPLE_SECONDS: '3',
      // The demo data's cold cache and the tests' own pg_sleep calls would otherwise keep the glance from green:
      // the ratio is judged from the first block (not "warming up") against a low threshold.
      ALERT_CACHE_HIT_RATIO: '0.5',
      ALERT_CACHE_HIT_MIN_BLOCKS: '0',
      SLOW_QUERY_MS: '60000',
      NEXTAUTH_URL: E2E.baseUrl,
      // A second target that never answers (nothing listens on port 9): the fleet's red row and PostgreSQLDown.
      TARGETS: E2E.offlineTarget,
      TARGETS_SECRET_KEY: 'e2e-targets-secret-key-0123456789abcdef',
    },
  },
});
