import type { CheckStatus } from '@/lib/checklist/types';

const LOOK: Record<CheckStatus, { word: string; tone: string }> = {
  pass: { word: 'Pass', tone: 'status-ok' },
  warn: { word: 'Warning', tone: 'status-warn' },
  fail: { word: 'Fail', tone: 'status-bad' },
  not_applicable: { word: 'Not applicable', tone: '' },
  manual: { word: 'Needs attestation', tone: 'status-warn' },
};

/** A status in words and colour (never colour alone). */
export function StatusBadge({ status }: { status: CheckStatus }) {
  const { word, tone } = LOOK[status];
  return <strong className={`pill ${tone}`}>{word}</strong>;
}
