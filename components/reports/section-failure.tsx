import type { Section } from '@/lib/monitoring/sections';

/** Why a section could not be loaded: its message, as a hint when an extension is missing, else as an error. */
export function SectionFailure({ failure }: { failure: Extract<Section<unknown>, { ok: false }> }) {
  return (
    <p className={`notice ${failure.code === 'extension_missing' ? '' : 'error'}`} role="alert">
      {failure.code === 'query_timeout' ? 'This part of the report timed out: ' : ''}
      {failure.message}
    </p>
  );
}
