/** GET /api/checklist/markdown — the whole checklist with evidence and sign-off history, as a Markdown file. */
import { withRole } from '@/lib/auth/session';
import { checklistToMarkdown } from '@/lib/checklist/markdown';
import { loadChecklist } from '@/lib/checklist/load-checklist';
import { getDatabaseConnection } from '@/lib/env';

export const dynamic = 'force-dynamic';

export const GET = withRole('viewer', async () => {
  const database = getDatabaseConnection().database;
  const markdown = checklistToMarkdown(await loadChecklist(), new Date(), database);
  return new Response(markdown, {
    headers: {
      'Content-Type': 'text/markdown; charset=utf-8',
      'Content-Disposition': `attachment; filename="production-checklist-${database.replace(/[^A-Za-z0-9_-]/g, '_')}.md"`,
      'Cache-Control': 'no-store',
    },
  });
});
