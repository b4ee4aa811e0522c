/**
 * The protective headers of every response. Pure, so each directive is unit-tested.
 *
 * - Content-Security-Policy, per request, with a nonce (Next.js applies it to its own scripts when it finds it in
 *   the request's CSP header: "How to set a Content Security Policy", nextjs.org) and 'strict-dynamic', so only
 *   scripts the console itself loads run. Styles: elements need the nonce; style attributes stay allowed
 *   ('unsafe-inline' for style-src-attr only), since React and the charts set them — a style attribute cannot run
 *   code. frame-ancestors 'none' forbids framing (clickjacking of cancel, terminate, restore).
 * - X-Frame-Options, X-Content-Type-Options, Referrer-Policy for browsers and paths the CSP does not cover.
 * - Strict-Transport-Security only when the console is served over https (NEXTAUTH_URL), never on plain http.
 */

export interface SecurityContext {
  /** The console's public URL is https (NEXTAUTH_URL). */
  https: boolean;
  /** next dev needs eval for its error overlay; production never does. */
  development?: boolean;
}

export function contentSecurityPolicy(nonce: string, { https, development = false }: SecurityContext): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' 'nonce-${nonce}'`,
    `style-src-elem 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** Headers for every response, whatever its kind. */
export const STATIC_SECURITY_HEADERS: readonly { key: string; value: string }[] = [
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'same-origin' },
];

/**
 * Two years; only ever sent over https. Without includeSubDomains: the console may live on a host whose
 * subdomains are not all served over https, and this header would lock browsers out of them for two years.
 */
export const STRICT_TRANSPORT_SECURITY = 'max-age=63072000';

export function isHttps(publicUrl: string | undefined): boolean {
  return publicUrl?.startsWith('https://') ?? false;
}
