import type { ConnectionGroup } from '@/lib/pg/activity';

export function GroupTable({ rows, keyLabel }: { rows: ConnectionGroup[]; keyLabel: string }) {
  return (
    <div className="table-wrap" tabIndex={0}>
    <table>
      <thead>
        <tr>
          <th scope="col">{keyLabel}</th>
          <th scope="col" className="num">Total</th>
          <th scope="col" className="num">Active</th>
          <th scope="col" className="num">Idle</th>
          <th scope="col" className="num">Idle in transaction</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <td>{row.key}</td>
            <td className="num">{row.total}</td>
            <td className="num">{row.active}</td>
            <td className="num">{row.idle}</td>
            <td className="num">{row.idleInTransaction}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}
