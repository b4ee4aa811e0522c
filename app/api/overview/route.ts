import { NextResponse } from 'next/server';
import { withRole } from '@/lib/auth/session';
import { getOverviewSnapshot } from '@/lib/monitoring/overview';
import { toAppError } from '@/lib/pg/client';

export const dynamic = 'force-dynamic';

/** The overview's figures as JSON, for scripts run with a signed-in session cookie. */
export const GET = withRole('viewer', async () => {
  try {
    return NextResponse.json(await getOverviewSnapshot(), { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    const appError = toAppError(error);
    return NextResponse.json({ error: appError.code, message: appError.userMessage }, { status: 503 });
  }
});
