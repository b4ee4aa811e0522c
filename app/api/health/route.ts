import { NextResponse } from 'next/server';
import { getHealth } from '@/lib/monitoring/health';

// Public by design (load balancers and the start script poll it); it reveals no secret. See lib/monitoring/health.ts.
export const dynamic = 'force-dynamic';

export async function GET() {
  const health = await getHealth();
  return NextResponse.json(health, {
    status: health.status === 'ok' ? 200 : 503,
    headers: { 'Cache-Control': 'no-store' },
  });
}
