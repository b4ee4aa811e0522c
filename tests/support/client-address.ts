/** Requests as the console's own server (scripts/serve.ts) hands them on: the socket's address stamped with its key. */
import { CLIENT_ADDRESS_HEADER, stampSocketAddress } from '@/lib/http/client-address';
import { createServerKey } from '@/lib/http/server-key';

/** The headers of a request from `socket`, plus any others (say, a client's own X-Forwarded-For). */
export function fromSocket(socket: string, others: Record<string, string> = {}): Record<string, string> {
  const received = Object.fromEntries(Object.entries(others).map(([name, value]) => [name.toLowerCase(), value]));
  return { ...others, [CLIENT_ADDRESS_HEADER]: stampSocketAddress(createServerKey(), socket, received) };
}
