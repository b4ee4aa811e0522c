/**
 * GET /api/metrics — Prometheus text exposition of the sampler's newest figures (lib/metrics/). With METRICS_TOKEN
 * set, `Authorization: Bearer <token>` is required (compared in constant time). Without it only clients on this
 * machine (loopback) are answered: the figures name the targets, their databases, sizes and replication topology,
 * which nobody else on the network needs to learn. Never runs statistics SQL per scrape.
 */
import { timingSafeEqual } from 'node:crypto';
import { getEnv } from '@/lib/env';
import { AppError, errorResponse } from '@/lib/errors';
import { isLocalRequest } from '@/lib/http/request-address';
import { collectProcesses, collectSnapshots } from '@/lib/metrics/collect';
import { renderExposition } from '@/lib/metrics/exposition';

export const dynamic = 'force-dynamic';

function bearerMatches(header: string | null, token: string): boolean {
  const given = Buffer.from(header?.replace(/^Bearer\s+/i, '') ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const refuse = (message: string) =>
  errorResponse(new AppError('unauthenticated', message), { headers: { 'WWW-Authenticate': 'Bearer' } });

export async function GET(request: Request): Promise<Response> {
  const token = getEnv().METRICS_TOKEN;
  if (token && !bearerMatches(request.headers.get('authorization'), token))
    return refuse('This endpoint needs Authorization: Bearer <METRICS_TOKEN>.');
  if (!token && !isLocalRequest(request.headers)) {
    return refuse(
      'Without METRICS_TOKEN only this machine may read the metrics; set METRICS_TOKEN and send it as Authorization: Bearer <token>.',
    );
  }
  const [targets, processes] = await Promise.all([collectSnapshots(), collectProcesses()]);
  return new Response(renderExposition(targets, processes), {
    headers: { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
