/**
 * Static guard: every report function of lib/pg is called in the version pass (tests/integration-versions), which
 * runs it on each major from 12 to 18. A new report is picked up automatically and fails here until it is run
 * there. The runner (client.ts, and dedicated-connection.ts for the sampler's connections — the version pass takes a
 * sample over one), the row parsers (rows.ts), its error classification (sqlstate.ts) and pure helpers are not
 * reports.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const NOT_REPORTS = new Set(['client.ts', 'dedicated-connection.ts', 'rows.ts', 'sqlstate.ts']);
/** Pure functions of report modules, unit-tested beside them. */
const PURE = new Set(['prepareExplainableText', 'slotProblem', 'isAtLeast']);

const pass = readdirSync('tests/integration-versions')
  .filter((file) => file.endsWith('.ts'))
  .map((file) => readFileSync(path.join('tests/integration-versions', file), 'utf8'))
  .join('\n');

const reports = readdirSync('lib/pg')
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !NOT_REPORTS.has(file))
  .flatMap((file) =>
    [...readFileSync(path.join('lib/pg', file), 'utf8').matchAll(/export (?:async )?function (\w+)/g)].map(
      (match) => `${file}: ${match[1]}`,
    ),
  );

describe('the version pass', () => {
  it('finds the report functions', () => expect(reports.length).toBeGreaterThan(30));

  it.each(reports.filter((report) => !PURE.has(report.split(': ')[1])))('calls %s', (report) => {
    const name = report.split(': ')[1];
    // Called, or handed to `on(…)` (withTarget) to be called on the server under test.
    expect(pass).toMatch(new RegExp(`\\bon\\(${name}\\)|\\b${name}\\(`));
  });
});
