/**
 * Which address a request came from. The console's own HTTP server (scripts/serve.ts) puts the socket's address in
 * CLIENT_ADDRESS_HEADER on every request, replacing any a client sent: Next.js itself keeps a client's own
 * X-Forwarded-For, which anyone can forge. Behind a reverse proxy every request comes from the proxy, so its
 * X-Forwarded-For is believed — read from the right, skipping the proxies — only when the socket is one of
 * TRUSTED_PROXIES (addresses or CIDR blocks). Pure.
 */
import { BlockList, isIP } from 'node:net';

export const CLIENT_ADDRESS_HEADER = 'x-console-client-address';

/** "::ffff:10.0.0.5" is IPv4's 10.0.0.5. */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped ? mapped[1] : trimmed;
}

export class TrustedProxiesError extends Error {}

/** TRUSTED_PROXIES: addresses or CIDR blocks, separated by commas or spaces. */
export function parseTrustedProxies(value: string | undefined): BlockList {
  const list = new BlockList();
  for (const entry of (value ?? '').split(/[\s,]+/).filter(Boolean)) {
    const [address, prefix] = entry.split('/');
    const family = isIP(normalizeAddress(address));
    const bits = prefix === undefined ? undefined : Number(prefix);
    if (!family || (bits !== undefined && (!Number.isInteger(bits) || bits < 0 || bits > (family === 4 ? 32 : 128)))) {
      throw new TrustedProxiesError(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR block (like 10.0.0.0/8 or 2001:db8::/32).`);
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(normalizeAddress(address), type);
    else list.addSubnet(normalizeAddress(address), bits, type);
  }
  return list;
}

function contains(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The client's address, or "unknown" when the request did not come through the console's own server. */
export function clientAddress(headers: Headers, trustedProxies: BlockList): string {
  const socket = headers.get(CLIENT_ADDRESS_HEADER);
  if (!socket) return 'unknown';
  let address = normalizeAddress(socket);
  if (!contains(trustedProxies, address)) return address;
  const forwarded = (headers.get('x-forwarded-for') ?? '').split(',').map(normalizeAddress).filter(Boolean);
  for (let i = forwarded.length - 1; i >= 0; i--) {
    if (!isIP(forwarded[i])) break;
    address = forwarded[i];
    if (!contains(trustedProxies, address)) return address;
  }
  return address;
}

const LOOPBACK = (() => {
  const list = new BlockList();
  list.addSubnet('127.0.0.0', 8, 'ipv4');
  list.addAddress('::1', 'ipv6');
  return list;
})();

export function isLoopback(address: string): boolean {
  return contains(LOOPBACK, normalizeAddress(address));
}
