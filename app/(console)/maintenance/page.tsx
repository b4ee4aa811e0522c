import { ReportSection } from '@/components/reports/report-section';
import { requirePageRole } from '@/lib/auth/session';
import { formatCount, formatPercent, formatTimestamp } from '@/lib/format';
import { loadSection } from '@/lib/monitoring/sections';
import { listSequencesNearExhaustion, listTableMaintenance, listWraparoundAge } from '@/lib/pg/maintenance';

export const metadata = { title: 'Maintenance · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

const when = (value: Date | string | null) => (value ? formatTimestamp(value) : 'never');

export default async function MaintenancePage() {
  await requirePageRole('viewer');
  const [tables, wraparound, sequences] = await Promise.all([
    loadSection('maintenance:tables', () => listTableMaintenance()),
    loadSection('maintenance:wraparound', listWraparoundAge),
    loadSection('maintenance:sequences', () => listSequencesNearExhaustion(0.5)),
  ]);
  return (
    <>
      <h1>Maintenance</h1>
      <ReportSection
        id="wraparound"
        title="Transaction-ID wraparound"
        description="age(datfrozenxid) per database. Autovacuum forces a freeze at autovacuum_freeze_max_age; PostgreSQL stops accepting writes as the age nears 2^31."
        section={wraparound}
      >
        {(rows) => (
          <table>
            <thead>
              <tr>
                <th scope="col">Database</th>
                <th scope="col" className="num">XID age</th>
                <th scope="col" className="num">Forced freeze at</th>
                <th scope="col" className="num">Share of the limit</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.database}>
                  <td>{row.database}</td>
                  <td className={`num${row.xidAge > row.freezeMaxAge ? ' status-bad' : ''}`}>{formatCount(row.xidAge)}</td>
                  <td className="num">{formatCount(row.freezeMaxAge)}</td>
                  <td className="num">{formatPercent(row.shareOfLimit, 3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ReportSection>
      <ReportSection id="sequences" title="Sequences near exhaustion" description="More than half of the range used (for SERIAL columns, the column type's limit counts)." section={sequences} isEmpty={(rows) => rows.length === 0} empty="No sequence has used more than half of its range.">
        {(rows) => (
          <table>
            <thead>
              <tr>
                <th scope="col">Sequence</th>
                <th scope="col" className="num">Last value</th>
                <th scope="col" className="num">Maximum</th>
                <th scope="col" className="num">Used</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.schema}.${row.sequence}`}>
                  <td>
                    {row.schema}.{row.sequence}
                  </td>
                  <td className="num">{row.lastValue === null ? '—' : formatCount(row.lastValue)}</td>
                  <td className="num">{formatCount(row.maxValue)}</td>
                  <td className={`num${row.usedShare > 0.9 ? ' status-bad' : ' status-warn'}`}>{formatPercent(row.usedShare, 1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ReportSection>
      <ReportSection id="tables" title="Dead tuples and vacuum" description="Most dead tuples first. Dead tuples are reclaimed by (auto)vacuum; stale statistics are refreshed by (auto)analyze." section={tables} isEmpty={(rows) => rows.length === 0}>
        {(rows) => (
          <div className="table-wrap" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">Table</th>
                  <th scope="col" className="num">Live</th>
                  <th scope="col" className="num">Dead</th>
                  <th scope="col" className="num">Dead share</th>
                  <th scope="col">Last vacuum</th>
                  <th scope="col">Last autovacuum</th>
                  <th scope="col">Last analyze</th>
                  <th scope="col">Last autoanalyze</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={`${row.schema}.${row.table}`}>
                    <td>
                      {row.schema}.{row.table}
                    </td>
                    <td className="num">{formatCount(row.liveTuples)}</td>
                    <td className="num">{formatCount(row.deadTuples)}</td>
                    <td className="num">{formatPercent(row.deadShare, 1)}</td>
                    <td>{when(row.lastVacuum)}</td>
                    <td>{when(row.lastAutovacuum)}</td>
                    <td>{when(row.lastAnalyze)}</td>
                    <td>{when(row.lastAutoanalyze)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </ReportSection>
    </>
  );
}
