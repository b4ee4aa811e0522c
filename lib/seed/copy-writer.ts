// Not 'server-only': scripts/ loads it too (tsx, outside Next.js), where that import throws.
/**
 * Streams rows into a table with COPY … FROM STDIN (text format), the fastest way to load many rows, respecting
 * back-pressure so memory stays flat whatever the row count.
 */
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';

export type CopyValue = string | number | boolean | Date | null | undefined | object;

/** COPY text format: NULL is \N; backslash, tab, newline and carriage return are escaped. */
export function toCopyField(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  const text =
    value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

const CHUNK_ROWS = 5_000;

/**
 * `table` and `columns` come from the fixed table registry of the seeder, never from input.
 * `row(i)` builds the i-th row's values; `onProgress` is called after each chunk with the rows written so far.
 */
export async function copyRows(
  client: PoolClient,
  table: string,
  columns: readonly string[],
  count: number,
  row: (index: number) => CopyValue[],
  onProgress: (written: number) => void = () => {},
): Promise<void> {
  const copy = client.query(copyFrom(`COPY ${table} (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`));
  const source = new PassThrough();
  const done = pipeline(source, copy);
  for (let start = 0; start < count; start += CHUNK_ROWS) {
    const end = Math.min(count, start + CHUNK_ROWS);
    let chunk = '';
    for (let i = start; i < end; i++) chunk += row(i).map(toCopyField).join('\t') + '\n';
    if (!source.write(chunk)) await once(source, 'drain');
    onProgress(end);
  }
  source.end();
  await done;
}
