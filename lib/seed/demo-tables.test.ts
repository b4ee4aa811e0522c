import { describe, expect, it } from 'vitest';
import { toCopyField } from './copy-writer';
import { DEMO_TABLES, planRowCounts } from './demo-tables';

describe('planRowCounts', () => {
  it('splits exactly the requested rows over all six tables', () => {
    for (const total of [6, 7, 1000, 1_000_000]) {
      const counts = planRowCounts(total);
      expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(total);
      expect(counts.size).toBe(DEMO_TABLES.length);
      for (const count of counts.values()) expect(count).toBeGreaterThan(0);
    }
  });
});

describe('toCopyField', () => {
  it('escapes what COPY text format treats specially', () => {
    expect(toCopyField(null)).toBe('\\N');
    expect(toCopyField('a\tb\nc\\d\re')).toBe('a\\tb\\nc\\\\d\\re');
    expect(toCopyField({ note: 'line\nbreak' })).toBe('{"note":"line\\\\nbreak"}');
    expect(toCopyField(new Date('2026-01-02T03:04:05.000Z'))).toBe('2026-01-02T03:04:05.000Z');
    expect(toCopyField(false)).toBe('false');
  });
});
