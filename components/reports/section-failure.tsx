import { formatClock } from '@/lib/format';
import type { Section } from '@/lib/monitoring/sections';

/**
 * Why a section could not be loaded: its message, as a hint when an extension is missing, else as an error; with
 * the time it failed and, for a timeout kept so that no viewer runs it again at once (lib/monitoring/sections.ts),
 * when it will be tried again. Times read as everywhere in the console (UTC, lib/format.ts formatClock).
 */
export function SectionFailure({ failure }: { failure: Extract<Section<unknown>, { ok: false }> }) {
  const { code, message, at, retryAt } = failure;
  const isTimeout = code === 'query_timeout';
  return (
    <p className={`notice ${code === 'extension_missing' ? '' : 'error'}`} role="alert">
      {isTimeout ? `This part of the report timed out${at ? ` at ${formatClock(at)}` : ''}: ${message}` : message}
      {!isTimeout && at && ` (as of ${formatClock(at)})`}
      {retryAt && ` It will be tried again after ${formatClock(retryAt)}.`}
    </p>
  );
}
