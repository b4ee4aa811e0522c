/** Where the end-to-end console runs and who signs in. */
export const E2E = {
  port: 3100,
  baseUrl: 'http://localhost:3100',
  dataDir: '.data-e2e',
  admin: { email: 'e2e-admin@example.com', password: 'e2e-admin-password' },
  viewer: { email: 'e2e-viewer@example.com', password: 'e2e-viewer-password' },
  operator: { email: 'e2e-operator@example.com', password: 'e2e-operator-password' },
  offlineTarget: 'offline=postgresql://nobody:offline-target-password@127.0.0.1:9/none?sslmode=disable',
  /** The console's client at the test OpenID provider (e2e/support/oidc-issuer.mjs); its button says "Test IdP". */
  oidc: { clientId: 'halcytone-console', clientSecret: 'e2e-oidc-client-secret', name: 'Test IdP' },
} as const;
