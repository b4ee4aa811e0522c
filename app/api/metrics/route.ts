/**
 * GET /api/metrics — Prometheus text exposition of the sampler's newest figures (lib/metrics/). Public for
 * scrapers unless METRICS_TOKEN is set, then `Authorization: Bearer <token>` is required (compared in constant
 * time). Never runs statistics SQL per scrape.
 */
import { timingSafeEqual } from 'node:crypto';
import { NextResponse } from 'next/server';
import { getEnv } from '@/lib/env';
import { collectSnapshots } from '@/lib/metrics/collect';
import { renderExposition } from '@/lib/metrics/exposition';

export const dynamic = 'force-dynamic';

function bearerMatches(header: string | null, token: string): boolean {
  const given = Buffer.from(header?.replace(/^Bearer\s+/i, '') ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function GET(request: Request): Promise<Response> {
  const token = getEnv().METRICS_TOKEN;
  if (token && !bearerMatches(request.headers.get('authorization'), token)) {
    return NextResponse.json({ error: 'unauthenticated', message: 'This endpoint needs Authorization: Bearer <METRICS_TOKEN>.' }, { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } });
  }
  return new Response(renderExposition(await collectSnapshots()), {
    headers: { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
