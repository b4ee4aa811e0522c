import { SectionFailure } from '@/components/reports/section-failure';
import { AddTargetForm } from '@/components/targets/add-target-form';
import { RemoveTargetButton } from '@/components/targets/remove-target-button';
import { TargetTagsForm } from '@/components/targets/target-tags-form';
import { DataTable } from '@/components/ui/data-table';
import { requirePageRole } from '@/lib/auth/session';
import { describeServer } from '@/lib/config/connection-string';
import { getEnv } from '@/lib/env';
import { formatTimestamp } from '@/lib/format';
import { settleSection } from '@/lib/monitoring/sections';
import { listManagedTargets } from '@/lib/targets/managed-targets';
import { getTargetRegistry, type TargetRegistry } from '@/lib/targets/registry';

export const metadata = { title: 'Targets · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

const SOURCE_TEXT = { 'database-url': 'DATABASE_URL', environment: 'TARGETS', console: 'added here' } as const;

/** Every target as the page lists it: never its URL, only user@host:port/database, or why it cannot be used. */
function watchedRows({ targets, broken }: TargetRegistry) {
  return [
    ...targets.map((target) => ({
      name: target.name,
      source: target.source,
      server: `${target.connection.user}@${describeServer(target.connection)}`,
      tags: target.tags ?? [],
      problem: null as string | null,
    })),
    ...broken.map((target) => ({
      name: target.name,
      source: target.source,
      server: '—',
      tags: target.tags,
      problem: target.problem,
    })),
  ];
}

export default async function TargetsPage() {
  await requirePageRole('admin');
  const env = getEnv();
  // The registry keeps the last list read while the console database is down; the stored rows need it.
  const [registry, managed] = await Promise.all([getTargetRegistry(), settleSection(listManagedTargets)]);
  const broken = new Set(registry.broken.map((target) => target.name));
  const shadowed = (managed.ok ? managed.data : []).filter(
    (target) => !broken.has(target.name) && registry.targets.find((t) => t.name === target.name)?.source !== 'console',
  );
  return (
    <>
      <h1>Targets</h1>
      <p className="stat-detail">
        The servers the console watches. DATABASE_URL is always &ldquo;primary&rdquo; (the console&apos;s own data,
        backups, the checklist and every write); TARGETS adds more from the environment (tagged by TARGET_TAGS); admins
        add others here, with their tags, and change those tags later. Tags filter the fleet page. Every report follows
        the picker in the menu.
      </p>
      <section className="card" aria-labelledby="watched-heading">
        <h2 id="watched-heading">Watched now</h2>
        <DataTable
          testId="targets"
          rows={watchedRows(registry)}
          rowKey={(row) => row.name}
          columns={[
            { header: 'Name', cell: (row) => row.name },
            { header: 'From', cell: (row) => SOURCE_TEXT[row.source] },
            { header: 'Server', cell: (row) => row.server },
            { header: 'Tags', cell: (row) => row.tags.join(', ') || '—' },
            {
              header: 'Problem',
              tone: (row) => (row.problem ? 'status-bad' : undefined),
              cell: (row) => row.problem ?? '—',
            },
          ]}
        />
        {shadowed.length > 0 && (
          <p className="notice" role="status">
            Also configured in the environment, which wins: {shadowed.map((target) => target.name).join(', ')}.
          </p>
        )}
      </section>
      <section className="card" aria-labelledby="add-target-heading">
        <h2 id="add-target-heading">Add a target</h2>
        {!env.TARGETS_SECRET_KEY && (
          <p className="notice" role="status">
            Set TARGETS_SECRET_KEY (32 or more characters) to add targets here: their connection strings are stored
            encrypted with it.
          </p>
        )}
        <AddTargetForm enabled={Boolean(env.TARGETS_SECRET_KEY)} />
      </section>
      <section className="card" aria-labelledby="added-heading">
        <h2 id="added-heading">Added in the console</h2>
        {!managed.ok ? (
          <SectionFailure failure={managed} />
        ) : managed.data.length === 0 ? (
          <p className="stat-detail">None.</p>
        ) : (
          <DataTable
            testId="managed-targets"
            rows={managed.data}
            rowKey={(row) => row.id}
            columns={[
              { header: 'Name', cell: (row) => row.name },
              { header: 'Server', cell: (row) => row.display },
              { header: 'Tags', cell: (row) => <TargetTagsForm id={row.id} name={row.name} tags={row.tags} /> },
              { header: 'Added', cell: (row) => `${formatTimestamp(row.createdAt)} by ${row.createdBy}` },
              { header: 'Remove', cell: (row) => <RemoveTargetButton id={row.id} name={row.name} /> },
            ]}
          />
        )}
      </section>
    </>
  );
}
