/**
 * Runs before every page and route handler: a fresh nonce and the Content-Security-Policy built with it (also set
 * on the request, where Next.js finds the nonce for its own scripts), and HSTS when the console is served over
 * https. Static files are left out (they carry the headers of next.config.ts). Not an access check: each page,
 * server action and route handler checks the session itself.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, isHttps, STRICT_TRANSPORT_SECURITY } from './lib/security/headers';

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const https = isHttps(process.env.NEXTAUTH_URL);
  const policy = contentSecurityPolicy(nonce, { https, development: process.env.NODE_ENV === 'development' });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', policy);
  if (https) response.headers.set('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
  return response;
}

export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico).*)' }],
};
