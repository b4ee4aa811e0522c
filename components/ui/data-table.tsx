import type { ReactNode } from 'react';

export interface Column<Row> {
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** Right-aligned tabular figures. */
  numeric?: boolean;
  /** Extra class per cell, e.g. a status colour. */
  tone?: (row: Row) => string | undefined;
  /** aria-sort of a sortable header. */
  sort?: 'ascending' | 'descending';
}

/**
 * The one table of the reports: columns as data, horizontally scrollable (and then keyboard-focusable) inside its
 * card. Renders on the server or the client; it holds no state.
 */
export function DataTable<Row>({
  rows,
  columns,
  rowKey,
  testId,
  rowProps,
}: {
  rows: Row[];
  columns: Column<Row>[];
  rowKey: (row: Row) => string | number;
  testId?: string;
  rowProps?: (row: Row) => Record<string, string | number>;
}) {
  return (
    <div className="table-wrap" tabIndex={0}>
      <table data-testid={testId}>
        <thead>
          <tr>
            {columns.map((column, index) => (
              <th key={index} scope="col" className={column.numeric ? 'num' : undefined} aria-sort={column.sort}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} {...rowProps?.(row)}>
              {columns.map((column, index) => (
                <td
                  key={index}
                  className={[column.numeric ? 'num' : '', column.tone?.(row) ?? ''].join(' ').trim() || undefined}
                >
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
