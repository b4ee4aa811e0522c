import { withRole } from '@/lib/auth/session';
import { errorResponse } from '@/lib/errors';
import { withTarget } from '@/lib/pg/client';
import { toAppError } from '@/lib/pg/sqlstate';
import { streamRows } from '@/lib/tables/browse';
import { csvHeader, csvLine } from '@/lib/tables/csv';
import { resolveTableReadRoute } from '@/lib/tables/read-route';
import { resolveView, searchParamsToRecord } from '@/lib/tables/resolve-view';

export const dynamic = 'force-dynamic';

/**
 * CSV of the filtered, sorted view: rows are read in keyset batches as the browser consumes the stream, so the
 * server never holds the whole result.
 */
export const GET = withRole<{ params: Promise<{ table: string }> }>('viewer', async (request, { params }) => {
  let view;
  try {
    view = resolveView((await params).table, searchParamsToRecord(new URL(request.url).searchParams));
  } catch (error) {
    return errorResponse(error);
  }
  const columns = view.table.columns.map((c) => c.name).filter((name) => !view.hidden.includes(name));
  // Each batch is read on the routed target (TABLE_READS_FROM): the stream pulls outside this handler's context.
  const { target } = await resolveTableReadRoute();
  const batches = streamRows(view);
  const encoder = new TextEncoder();
  let headerSent = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvHeader(view.table, columns)));
        return;
      }
      try {
        const next = await withTarget(target, () => batches.next());
        if (next.done) return controller.close();
        controller.enqueue(encoder.encode(next.value.map((row) => csvLine(columns.map((name) => row[name]))).join('')));
      } catch (error) {
        controller.error(toAppError(error));
      }
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '');
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${view.table.name}-${stamp}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
});
