import { NextResponse } from 'next/server';

// Public by design: the console process answering at all. A load balancer's liveness check belongs here, not on
// /api/health, which is 503 while a database is down — exactly when the console must stay reachable.
export const dynamic = 'force-dynamic';

export function GET() {
  return NextResponse.json(
    { status: 'ok', uptimeSeconds: Math.round(process.uptime()) },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}
