import { afterEach, describe, expect, it, vi } from 'vitest';

describe('session cookies', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('are Secure when the console is served over https, also behind a TLS-terminating proxy', async () => {
    vi.stubEnv('NEXTAUTH_URL', 'https://console.example.com');
    const { authOptions } = await import('./options');
    expect(authOptions.useSecureCookies).toBe(true);
  });

  it('are not on plain http (a browser would drop them)', async () => {
    vi.stubEnv('NEXTAUTH_URL', 'http://localhost:3000');
    const { authOptions } = await import('./options');
    expect(authOptions.useSecureCookies).toBe(false);
  });
});
