/**
 * The time range every insights view shows, kept in the URL so a link reproduces it: `?range=7d|30d|90d` (the N
 * days ending today) or `?from=YYYY-MM-DD&to=YYYY-MM-DD` (both days included); neither means the last 30 days.
 * Pure: "today" is the watched server's local date, passed in by the caller, so a day here is the day its rows'
 * timestamps fall on there. A malformed value never fails the page: it shows the default range and says what is wrong.
 */
import { formatCount } from '../../format';
import type { SearchParams } from '../view-state';

export const INSIGHTS_RANGE_PRESETS = ['7d', '30d', '90d'] as const;
export type InsightsPreset = (typeof INSIGHTS_RANGE_PRESETS)[number];

export type InsightsRange = {
  preset: InsightsPreset | null;
  /** First day shown, YYYY-MM-DD. */
  from: string;
  /** Last day shown, YYYY-MM-DD (included). */
  to: string;
  days: number;
  /** "last 30 days" or "2026-11-01 to 2026-11-15". */
  label: string;
};

const DEFAULT_PRESET: InsightsPreset = '30d';
/** About ten years: longer than any retention the console is meant for, short enough to bound a query's days. */
const MAX_DAYS = 3_660;
const RANGE_PARAMETERS = ['range', 'from', 'to'] as const;
const DAY_MS = 86_400_000;
const PRESET_DAYS: Record<InsightsPreset, number> = { '7d': 7, '30d': 30, '90d': 90 };

/** Days since 1970-01-01 of a real calendar date written YYYY-MM-DD (years 0001–9999), else null. */
function toDayNumber(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  if (year < 1 || month < 1 || month > 12 || day < 1) return null;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  // A day past the month's end rolls over into the next month (2027-02-29 becomes 03-01): not a date.
  if (date.getUTCDate() !== day) return null;
  return Math.round(date.getTime() / DAY_MS);
}

function toDayText(dayNumber: number): string {
  const date = new Date(dayNumber * DAY_MS);
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

function presetRange(preset: InsightsPreset, today: number): InsightsRange {
  const days = PRESET_DAYS[preset];
  return { preset, from: toDayText(today - (days - 1)), to: toDayText(today), days, label: `last ${days} days` };
}

/** Input echoed in a message: bounded, so a pasted essay does not become the message. */
const shown = (value: string) => (value.length > 40 ? `${value.slice(0, 40)}…` : value);

/** The range the parameters name, or what is wrong with them. An empty value counts as not given (a cleared field). */
function readRange(params: SearchParams, today: number): InsightsRange | string {
  const given: Partial<Record<(typeof RANGE_PARAMETERS)[number], string>> = {};
  for (const name of RANGE_PARAMETERS) {
    const raw = params[name];
    const values = (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]).filter((value) => value !== '');
    if (values.length > 1) return `${name} is given ${values.length} times; give it once`;
    if (values.length === 1) given[name] = values[0];
  }
  const { range, from, to } = given;
  if (range !== undefined && (from !== undefined || to !== undefined))
    return `range and from/to are both given; give either range (${INSIGHTS_RANGE_PRESETS.join(', ')}) or from and to`;
  if (range !== undefined) {
    if (!(INSIGHTS_RANGE_PRESETS as readonly string[]).includes(range))
      return `range: ${shown(range)} is not one of ${INSIGHTS_RANGE_PRESETS.join(', ')}`;
    return presetRange(range as InsightsPreset, today);
  }
  if (to === undefined)
    return from === undefined
      ? presetRange(DEFAULT_PRESET, today)
      : `from ${shown(from)} is given without to; give both days (YYYY-MM-DD)`;
  if (from === undefined) return `to ${shown(to)} is given without from; give both days (YYYY-MM-DD)`;
  const first = toDayNumber(from);
  if (first === null) return `from: ${shown(from)} is not a date (YYYY-MM-DD)`;
  const last = toDayNumber(to);
  if (last === null) return `to: ${shown(to)} is not a date (YYYY-MM-DD)`;
  if (first > last) return `from ${from} is after to ${to}`;
  const days = last - first + 1;
  if (days > MAX_DAYS)
    return `from ${from} to ${to} spans ${formatCount(days)} days; at most ${formatCount(MAX_DAYS)} can be shown`;
  return { preset: null, from, to, days, label: `${from} to ${to}` };
}

/**
 * The range in the URL's parameters (`today` is the watched server's local date, YYYY-MM-DD). A malformed value
 * gives the default range (the last 30 days) and an error that says exactly what is wrong, for the page to show.
 */
export function parseInsightsRange(
  params: SearchParams,
  today: string,
): { range: InsightsRange; error: string | null } {
  const todayNumber = toDayNumber(today);
  // Not user input: a caller that passes anything else has a bug worth failing on.
  if (todayNumber === null) throw new Error(`today must be a date written YYYY-MM-DD, not ${shown(today)}`);
  const result = readRange(params, todayNumber);
  return typeof result === 'string'
    ? { range: presetRange(DEFAULT_PRESET, todayNumber), error: result }
    : { range: result, error: null };
}

/**
 * The query string (without "?") of a link to a range or a preset: `range=7d`, or `from=…&to=…`. The page's other
 * parameters in `keep` stay as they are; its range parameters are replaced.
 */
export function insightsRangeSearch(range: InsightsRange | InsightsPreset, keep: SearchParams = {}): string {
  const search = new URLSearchParams(otherSearchParams(keep));
  if (typeof range === 'string') search.set('range', range);
  else if (range.preset) search.set('range', range.preset);
  else {
    search.set('from', range.from);
    search.set('to', range.to);
  }
  return search.toString();
}

/** The parameters that are not the range's, as name–value pairs in their order: what a range link or form keeps. */
export function otherSearchParams(params: SearchParams): [string, string][] {
  return Object.entries(params).flatMap(([name, value]) =>
    (RANGE_PARAMETERS as readonly string[]).includes(name) || value === undefined
      ? []
      : (Array.isArray(value) ? value : [value]).map((item): [string, string] => [name, item]),
  );
}
