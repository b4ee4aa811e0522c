import { NextResponse } from 'next/server';
import { withRole } from '@/lib/auth/session';
import { AppError, errorResponse } from '@/lib/errors';
import { loadGlance } from '@/lib/monitoring/glance';
import { getSelectedTarget } from '@/lib/targets/selection';
import { TARGET_NAME_PATTERN } from '@/lib/targets/target-list';

export const dynamic = 'force-dynamic';

/**
 * The on-call glance as JSON (tiles and the latest sample) of `?target=<name>`, else the picked target, for
 * scripts run with a signed-in session cookie.
 */
export const GET = withRole('viewer', async (request: Request) => {
  const asked = new URL(request.url).searchParams.get('target');
  if (asked !== null && !TARGET_NAME_PATTERN.test(asked)) {
    return errorResponse(new AppError('invalid_input', `"${asked.slice(0, 60)}" is not a target name.`));
  }
  const target = asked ?? (await getSelectedTarget()).name;
  const glance = await loadGlance(target).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  });
  if (!glance) return errorResponse(new AppError('not_found', `There is no target named "${target}".`));
  return NextResponse.json(glance, { status: glance.reachable ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
});
