import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, isHttps, STATIC_SECURITY_HEADERS } from './headers';

describe('security headers', () => {
  it('allow scripts only with the request nonce, and forbid framing, plugins and foreign bases', () => {
    const policy = contentSecurityPolicy('abc123', { https: false });
    expect(policy).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("base-uri 'self'");
    expect(policy).not.toContain('upgrade-insecure-requests');
    expect(contentSecurityPolicy('abc123', { https: true })).toContain('upgrade-insecure-requests');
  });

  it('send anti-framing, no-sniff and a same-origin referrer everywhere; HSTS only over https', () => {
    expect(Object.fromEntries(STATIC_SECURITY_HEADERS.map(({ key, value }) => [key, value]))).toEqual({
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
    });
    expect(isHttps('https://console.example')).toBe(true);
    expect(isHttps('http://localhost:3000')).toBe(false);
    expect(isHttps(undefined)).toBe(false);
  });
});
