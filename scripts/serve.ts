/**
 * The console's HTTP server (what `npm start` runs after building): Next.js's request handler behind a plain Node
 * server, so that every request carries the address of the socket it came from in a header only this server sets,
 * stamped with a per-process key (lib/http/client-address.ts, lib/http/server-key.ts). Next's own `next start`
 * keeps any X-Forwarded-For a client sends, which cannot be told from a real one; sign-in throttling and the
 * metrics endpoint need the real address. PORT as `next start`.
 */
import http from 'node:http';
import next from 'next';
import { CLIENT_ADDRESS_HEADER, stampSocketAddress } from '../lib/http/client-address';
import { createServerKey } from '../lib/http/server-key';

const port = Number(process.env.PORT ?? 3000);
const key = createServerKey();
const app = next({ dev: false, dir: process.cwd(), port });
await app.prepare();
const handle = app.getRequestHandler();

const server = http.createServer((request, response) => {
  // Stamped before Next.js sees the request: it adds an X-Forwarded-For of its own when there is none.
  request.headers[CLIENT_ADDRESS_HEADER] = stampSocketAddress(key, request.socket.remoteAddress ?? '', request.headers);
  void handle(request, response);
});
server.listen(port, () => console.log(`Serving on port ${port}.`));

const shutDown = () => server.close(() => process.exit(0));
process.on('SIGTERM', shutDown);
process.on('SIGINT', shutDown);
