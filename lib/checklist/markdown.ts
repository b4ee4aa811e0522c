/** The checklist as Markdown: every item with its evidence, sign-off state and full history (who, when, what). */
import type { ChecklistView } from './load-checklist';

const STATUS_WORD = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', not_applicable: 'N/A', manual: 'MANUAL' } as const;
const STATE_WORD = {
  unsigned: 'not signed off',
  signed: 'signed off',
  stale: 'STALE sign-off',
  not_needed: 'not needed',
  revoked: 'sign-off revoked',
} as const;

/** Keeps user text (comments, facts) from breaking the Markdown structure. */
function inline(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/([\\`*_[\]|<>#])/g, '\\$1');
}

export function checklistToMarkdown(view: ChecklistView, generatedAt: Date, database: string): string {
  const lines = [
    `# Production checklist — ${inline(database)}`,
    '',
    `Generated ${generatedAt.toISOString()} by Halcytone DB Console. ${view.signed} of ${view.items.length} items signed off; ${view.stale} stale.`,
    '',
  ];
  for (const item of view.items) {
    const box = item.signoff.state === 'signed' || item.signoff.state === 'not_needed' ? '[x]' : '[ ]';
    lines.push(`## ${box} ${item.number}. ${inline(item.title)}`, '');
    lines.push(
      `**${STATUS_WORD[item.effectiveStatus]}** — ${inline(item.evidence.summary)} _(checked ${item.evidence.checkedAt})_`,
      '',
    );
    for (const fact of item.evidence.facts)
      lines.push(
        `- ${inline(fact.label)}: ${inline(fact.value)}${fact.status ? ` (${STATUS_WORD[fact.status]})` : ''}`,
      );
    if (item.evidence.facts.length) lines.push('');
    lines.push(
      `Sign-off: ${STATE_WORD[item.signoff.state]}${'reason' in item.signoff ? ` — ${inline(item.signoff.reason)}` : ''}`,
      '',
    );
    if (item.history.length) {
      lines.push('| when | who | what | evidence then | comment |', '|---|---|---|---|---|');
      for (const entry of item.history) {
        lines.push(
          `| ${entry.createdAt} | ${inline(entry.actorEmail)} | ${entry.kind.replace('_', ' ')} | ${STATUS_WORD[entry.evidence.status]}: ${inline(entry.evidence.summary)} | ${inline(entry.comment)} |`,
        );
      }
      lines.push('');
    }
  }
  return lines.join('\n');
}
