/**
 * Which address a request came from. The console's own HTTP server (scripts/serve.ts) writes the socket's address,
 * and the forwarding headers the request arrived with, into CLIENT_ADDRESS_HEADER on every request, replacing any a
 * client sent, behind a key only that process knows (lib/http/server-key.ts): served some other way (`next start`),
 * a client could write the header itself, so an unkeyed value is not believed. Next.js itself keeps a client's own
 * X-Forwarded-For, which anyone can forge, and adds one when there is none, so the stamp is read, not the header.
 * Behind a reverse proxy every request comes from the proxy, so its X-Forwarded-For is believed — read from the
 * right, skipping the proxies — only when the socket is one of TRUSTED_PROXIES (addresses or CIDR blocks). Pure.
 */
import { timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';

export const CLIENT_ADDRESS_HEADER = 'x-console-client-address';

/** Headers a reverse proxy adds; from a socket that is not a trusted proxy they say the request was proxied. */
const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'];

/** "::ffff:10.0.0.5" is IPv4's 10.0.0.5. */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped ? mapped[1] : trimmed;
}

/** An X-Forwarded-For entry as some proxies write it — "203.0.113.7:51234", "[2001:db8::1]:443" — without the port. */
export function normalizeForwardedEntry(entry: string): string {
  const trimmed = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(trimmed);
  if (bracketed) return normalizeAddress(bracketed[1]);
  const withPort = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(trimmed);
  return normalizeAddress(withPort ? withPort[1] : trimmed);
}

/** Request headers as Node's HTTP server hands them over: lower-case names. */
export type ReceivedHeaders = Record<string, string | string[] | undefined>;

/**
 * What the console's server saw of a request, before Next.js added forwarding headers of its own (it sets
 * X-Forwarded-For to the socket's address when a request has none, so the header alone cannot tell a proxied
 * request from a direct one).
 */
export interface SocketStamp {
  /** The socket's address. */
  socket: string;
  /** Whether the request arrived carrying X-Forwarded-For, Forwarded or X-Real-IP. */
  relayed: boolean;
  /** X-Forwarded-For as it arrived ('' when absent). */
  forwardedFor: string;
}

/** What the console's server writes into CLIENT_ADDRESS_HEADER: its key, the socket, and the forwarding it received. */
export function stampSocketAddress(key: string, socket: string, received: ReceivedHeaders = {}): string {
  const relayed = FORWARDING_HEADERS.some((name) => received[name] !== undefined);
  const forwardedFor = [received['x-forwarded-for'] ?? []].flat().join(', ');
  return `${key} ${socket} ${relayed ? 'relayed' : 'direct'} ${forwardedFor}`;
}

/** The stamp the console's server (holding `key`) put on the request; null when none or not its own. */
export function readSocketStamp(headers: Headers, key: string | undefined): SocketStamp | null {
  const value = headers.get(CLIENT_ADDRESS_HEADER);
  if (!key || !value) return null;
  const match = /^(\S+) (\S+) (relayed|direct) ?(.*)$/.exec(value);
  if (!match) return null;
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(key);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { socket: normalizeAddress(match[2]), relayed: match[3] === 'relayed', forwardedFor: match[4] };
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
      throw new TrustedProxiesError(
        `TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR block (like 10.0.0.0/8 or 2001:db8::/32).`,
      );
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
export function clientAddress(headers: Headers, trustedProxies: BlockList, key: string | undefined): string {
  const stamp = readSocketStamp(headers, key);
  if (!stamp) return 'unknown';
  let address = stamp.socket;
  if (!contains(trustedProxies, address)) return address;
  const forwarded = stamp.forwardedFor.split(',').map(normalizeForwardedEntry).filter(Boolean);
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

/**
 * The socket that sent the request when it carries forwarding headers yet is not a trusted proxy — a reverse proxy
 * not named in TRUSTED_PROXIES (every client then looks like it), or a client pretending; null otherwise.
 */
export function untrustedForwarder(
  headers: Headers,
  trustedProxies: BlockList,
  key: string | undefined,
): string | null {
  const stamp = readSocketStamp(headers, key);
  if (!stamp || contains(trustedProxies, stamp.socket)) return null;
  return stamp.relayed ? stamp.socket : null;
}
