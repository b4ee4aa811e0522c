// Not 'server-only': scripts/ loads it too (tsx, outside Next.js), where that import throws.
/**
 * The key the console's own server (scripts/serve.ts) stamps each request's socket address with, so a client that
 * reaches Next.js some other way cannot supply an address of its choosing (lib/http/client-address.ts). Random per
 * process, never written anywhere; kept on globalThis under a registered symbol because Next bundles route
 * handlers, pages and the server script apart, each with its own copy of this module.
 */
import { randomBytes } from 'node:crypto';

const SLOT = Symbol.for('halcytone-console.client-address-key');
const holder = globalThis as unknown as Record<symbol, string | undefined>;

/** Made once, by the process that serves requests; returns the key to stamp with. */
export function createServerKey(): string {
  return (holder[SLOT] ??= randomBytes(24).toString('base64url'));
}

/** The key of this process's server, or undefined when requests do not come through scripts/serve.ts. */
export function serverKey(): string | undefined {
  return holder[SLOT];
}
