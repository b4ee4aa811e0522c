/** The client address of a request, with this deployment's TRUSTED_PROXIES (parsed once) and its server's key. */
import type { BlockList } from 'node:net';
import { getEnv } from '../env';
import { clientAddress, isLoopback, parseTrustedProxies, untrustedForwarder } from './client-address';
import { serverKey } from './server-key';

let trusted: BlockList | undefined;
const warned = new Set<string>();

/** Says once per process what makes client addresses useless, so the operator can fix the deployment. */
function warnOnce(kind: string, line: string): void {
  if (warned.has(kind)) return;
  warned.add(kind);
  console.warn(line);
}

function trustedProxies(): BlockList {
  return (trusted ??= parseTrustedProxies(getEnv().TRUSTED_PROXIES));
}

export function requestClientAddress(headers: Headers): string {
  const key = serverKey();
  if (!key)
    warnOnce(
      'no-server',
      'Requests do not come through scripts/serve.ts (npm start): client addresses are unknown, so sign-in limits count every client as one.',
    );
  const forwarder = untrustedForwarder(headers, trustedProxies(), key);
  if (forwarder) {
    warnOnce(
      'untrusted-forwarder',
      `Requests from ${forwarder} carry X-Forwarded-For or Forwarded, but TRUSTED_PROXIES does not name it: if it is your reverse proxy, add it, or every client counts as ${forwarder}.`,
    );
  }
  return clientAddress(headers, trustedProxies(), key);
}

/**
 * Whether the request comes from this machine itself: its client address is loopback, and it was not relayed by
 * a proxy the console does not know (a reverse proxy on this host makes every client look local).
 */
export function isLocalRequest(headers: Headers): boolean {
  return (
    isLoopback(requestClientAddress(headers)) && untrustedForwarder(headers, trustedProxies(), serverKey()) === null
  );
}
