import type { ConnectionGroup } from '@/lib/pg/activity';
import { DataTable } from '../ui/data-table';

export function GroupTable({ rows, keyLabel }: { rows: ConnectionGroup[]; keyLabel: string }) {
  return (
    <DataTable
      rows={rows}
      rowKey={(row) => row.key}
      columns={[
        { header: keyLabel, cell: (row) => row.key },
        { header: 'Total', numeric: true, cell: (row) => row.total },
        { header: 'Active', numeric: true, cell: (row) => row.active },
        { header: 'Idle', numeric: true, cell: (row) => row.idle },
        { header: 'Idle in transaction', numeric: true, cell: (row) => row.idleInTransaction },
      ]}
    />
  );
}
