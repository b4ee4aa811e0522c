/** The client address of a request, with this deployment's TRUSTED_PROXIES (parsed once). */
import type { BlockList } from 'node:net';
import { getEnv } from '../env';
import { clientAddress, parseTrustedProxies } from './client-address';

let trusted: BlockList | undefined;

export function requestClientAddress(headers: Headers): string {
  trusted ??= parseTrustedProxies(getEnv().TRUSTED_PROXIES);
  return clientAddress(headers, trusted);
}
