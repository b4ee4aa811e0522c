import { NextResponse } from 'next/server';
import { withRole } from '@/lib/auth/session';
import { getGlance } from '@/lib/monitoring/glance';

export const dynamic = 'force-dynamic';

/** The on-call glance as JSON (tiles and the latest sample), for scripts run with a signed-in session cookie. */
export const GET = withRole('viewer', async () => {
  const glance = await getGlance();
  return NextResponse.json(glance, { status: glance.reachable ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
});
