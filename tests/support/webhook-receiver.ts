/** A real HTTP receiver for alert webhooks: records every notification; answers 503 to the first try of each. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  body: { status: string; alert: string; target: string; severity: string; startsAt: string; endsAt: string | null };
  answered: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

/** `refuseFirstTry`: the first request of each alert and status is answered 503, so retries are exercised. */
export function startReceiver({ refuseFirstTry = true } = {}): Promise<Receiver> {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      const body = JSON.parse(text) as Received['body'];
      const seen = received.some(
        (r) => r.body.status === body.status && r.body.alert === body.alert && r.body.target === body.target,
      );
      const answered = refuseFirstTry && !seen ? 503 : 200;
      received.push({ body, answered });
      response.writeHead(answered).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
        received,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    ),
  );
}
