import { describe, expect, it } from 'vitest';
import {
  CLIENT_ADDRESS_HEADER,
  clientAddress as addressWithKey,
  isLoopback,
  normalizeForwardedEntry,
  parseTrustedProxies,
  stampSocketAddress,
  untrustedForwarder,
} from './client-address';

const KEY = 'the-server-key';
const request = (socket: string | null, forwardedFor?: string) => {
  const headers = new Headers();
  if (socket !== null)
    headers.set(
      CLIENT_ADDRESS_HEADER,
      stampSocketAddress(KEY, socket, forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
    );
  // What Next.js does after the console's server stamped the request: keep a client's header, or add the socket's.
  headers.set('x-forwarded-for', forwardedFor ?? socket ?? '');
  return headers;
};
const clientAddress = (headers: Headers, proxies: ReturnType<typeof parseTrustedProxies>) =>
  addressWithKey(headers, proxies, KEY);

describe('clientAddress', () => {
  it("is the socket's address, whatever X-Forwarded-For a client sends, unless the socket is a trusted proxy", () => {
    const none = parseTrustedProxies(undefined);
    expect(clientAddress(request('203.0.113.7', '198.51.100.1'), none)).toBe('203.0.113.7');
    expect(clientAddress(request('::ffff:203.0.113.7'), none)).toBe('203.0.113.7');
    expect(clientAddress(request(null, '198.51.100.1'), none)).toBe('unknown');
  });

  it('believes X-Forwarded-For from trusted proxies, read from the right, skipping the proxies', () => {
    const proxies = parseTrustedProxies('10.0.0.0/8, 192.0.2.10');
    // The client forged the left-most entry; the proxies appended the real one.
    expect(clientAddress(request('10.1.2.3', '6.6.6.6, 203.0.113.7, 192.0.2.10'), proxies)).toBe('203.0.113.7');
    expect(clientAddress(request('10.1.2.3', '203.0.113.7'), proxies)).toBe('203.0.113.7');
    expect(clientAddress(request('10.1.2.3'), proxies)).toBe('10.1.2.3');
    expect(clientAddress(request('10.1.2.3', 'not-an-ip, 203.0.113.7'), proxies)).toBe('203.0.113.7');
  });

  it("believes the socket header only with this server's key: served another way, a client could write it", () => {
    const none = parseTrustedProxies(undefined);
    const headers = (value: string) => new Headers({ [CLIENT_ADDRESS_HEADER]: value });
    expect(addressWithKey(headers('127.0.0.1'), none, KEY)).toBe('unknown');
    expect(addressWithKey(headers('the-server-kez 127.0.0.1'), none, KEY)).toBe('unknown');
    expect(addressWithKey(headers(stampSocketAddress(KEY, '127.0.0.1')), none, undefined)).toBe('unknown');
    expect(addressWithKey(headers(stampSocketAddress(KEY, '::1')), none, KEY)).toBe('::1');
    expect(addressWithKey(headers(`${KEY} 127.0.0.1`), none, KEY)).toBe('unknown');
  });

  it('reads X-Forwarded-For entries written with a port or in brackets', () => {
    expect(normalizeForwardedEntry(' 203.0.113.7:51234')).toBe('203.0.113.7');
    expect(normalizeForwardedEntry('[2001:db8::1]:443')).toBe('2001:db8::1');
    expect(normalizeForwardedEntry('[2001:db8::1]')).toBe('2001:db8::1');
    expect(normalizeForwardedEntry('2001:db8::1')).toBe('2001:db8::1');
    const proxies = parseTrustedProxies('10.0.0.0/8');
    expect(clientAddress(request('10.1.2.3', '203.0.113.7:51234'), proxies)).toBe('203.0.113.7');
  });

  it('names a socket that relays forwarding headers without being a trusted proxy', () => {
    const none = parseTrustedProxies(undefined);
    expect(untrustedForwarder(request('127.0.0.1', '203.0.113.5'), none, KEY)).toBe('127.0.0.1');
    // Next.js's own X-Forwarded-For, added after the stamp, does not make a direct request look relayed.
    expect(untrustedForwarder(request('127.0.0.1'), none, KEY)).toBeNull();
    expect(isLoopback(clientAddress(request('127.0.0.1'), none))).toBe(true);
    const relayed = (name: string) =>
      new Headers({ [CLIENT_ADDRESS_HEADER]: stampSocketAddress(KEY, '127.0.0.1', { [name]: 'for=203.0.113.5' }) });
    expect(untrustedForwarder(relayed('forwarded'), none, KEY)).toBe('127.0.0.1');
    expect(untrustedForwarder(relayed('x-real-ip'), none, KEY)).toBe('127.0.0.1');
    expect(untrustedForwarder(request('127.0.0.1', '203.0.113.5'), parseTrustedProxies('127.0.0.1'), KEY)).toBeNull();
  });

  it('refuses a TRUSTED_PROXIES entry that is not an address or a block', () => {
    expect(() => parseTrustedProxies('10.0.0.0/33')).toThrow(
      'TRUSTED_PROXIES: "10.0.0.0/33" is not an IP address or CIDR block',
    );
    expect(() => parseTrustedProxies('proxy.internal')).toThrow(/proxy\.internal/);
    expect(() => parseTrustedProxies('2001:db8::/32 ::1')).not.toThrow();
  });

  it('knows loopback addresses', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopback('10.0.0.1')).toBe(false);
    expect(isLoopback('unknown')).toBe(false);
  });
});
