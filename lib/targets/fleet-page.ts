/**
 * The fleet page's server work: the fleet (one cached read per process, lib/targets/fleet.ts), its rows computed
 * once per read and shared by every viewer until the next, then each viewer's filter, sort and page in memory.
 */
import 'server-only';
import type { GlanceThresholds } from '../monitoring/glance-rules';
import { getFleetView, type FleetBasis, type FleetMember } from './fleet';
import { selectFleetPage, toFleetRow, type FleetPage, type FleetQuery, type FleetRow } from './fleet-view';

export interface FleetPageView extends FleetPage {
  basis: FleetBasis;
  asOf: Date;
  /** Targets in the fleet, whatever the filters. */
  total: number;
}

// Keyed by the fleet read's own array, which the shared cache hands to every caller until it reads again: the rows
// go when the read does. Their status is judged at the first viewer's `now`, at most the cache's few seconds old.
const rowsOfRead = new WeakMap<FleetMember[], { thresholds: string; rows: FleetRow[] }>();

function rowsOf(members: FleetMember[], thresholds: GlanceThresholds, now: Date): FleetRow[] {
  const key = JSON.stringify(thresholds);
  const kept = rowsOfRead.get(members);
  if (kept?.thresholds === key) return kept.rows;
  const rows = members.map((member) => toFleetRow(member, thresholds, now));
  rowsOfRead.set(members, { thresholds: key, rows });
  return rows;
}

export async function loadFleetPage(
  query: FleetQuery,
  thresholds: GlanceThresholds,
  now = new Date(),
): Promise<FleetPageView> {
  const view = await getFleetView(now);
  const rows = rowsOf(view.members, thresholds, now);
  return { ...selectFleetPage(rows, query), basis: view.basis, asOf: view.asOf, total: rows.length };
}
