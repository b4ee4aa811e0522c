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
  webServer: [
    // A real OpenID provider on a free port (e2e/oidc.spec.ts), started first: Playwright copies the wait pattern's
    // named group into its own environment as E2E_OIDC_ISSUER, which the console's command below passes on as
    // OIDC_ISSUER. Only the console gets OIDC_ISSUER: other consoles the specs start inherit the runner's environment
    // (tests/support/console-process.ts) and must not find half an OpenID Connect configuration there.
    {
      name: 'issuer',
      command: 'node e2e/support/oidc-issuer.mjs',
      env: { CONSOLE_URL: E2E.baseUrl, OIDC_CLIENT_ID: E2E.oidc.clientId, OIDC_CLIENT_SECRET: E2E.oidc.clientSecret },
      wait: { stdout: /"issuer":"(?<e2e_oidc_issuer>http:\/\/127\.0\.0\.1:\d+)"/ },
      // Usually ready in about a second; once, right after the vitest projects on the busy CI machine, not in 30 s.
      timeout: 120_000,
      stdout: 'pipe',
    },
    {
      name: 'console',
      command: `rm -rf ${E2E.dataDir} && OIDC_ISSUER="$E2E_OIDC_ISSUER" npm start`,
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
        // Tags of the environment's targets, for the fleet page's tag filter (e2e/fleet-filters.spec.ts).
        TARGET_TAGS: 'primary=prod,eu offline=staging',
        TARGETS_SECRET_KEY: 'e2e-targets-secret-key-0123456789abcdef',
        // Sign-in through the test issuer (e2e/oidc.spec.ts); passwords stay on, so every other spec signs in as before.
        OIDC_CLIENT_ID: E2E.oidc.clientId,
        OIDC_CLIENT_SECRET: E2E.oidc.clientSecret,
        OIDC_NAME: E2E.oidc.name,
        OIDC_SCOPES: 'openid email profile groups',
        OIDC_ADMIN_VALUES: 'e2e-admins',
        OIDC_OPERATOR_VALUES: 'e2e-operators',
        OIDC_VIEWER_VALUES: 'e2e-viewers',
        OIDC_TARGET_ROLES: 'e2e-primary-viewers=viewer@primary',
      },
    },
  ],
});
