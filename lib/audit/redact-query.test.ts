import { describe, expect, it } from 'vitest';
import { redactQueryText } from './redact-query';

describe('redactQueryText', () => {
  it('keeps the statement and drops what may be secret', () => {
    expect(redactQueryText("ALTER ROLE app PASSWORD 'hunter2-very-secret'")).toBe('ALTER ROLE app PASSWORD ?');
    expect(redactQueryText("SELECT * FROM t WHERE token = 'abc''def' AND n = 42 /* key=xyz */")).toBe(
      'SELECT * FROM t WHERE token = ? AND n = ?',
    );
    expect(
      redactQueryText(
        "SELECT E'it\\'s secret', $body$ a secret body $body$, $$ another $$ -- trailing secret\nFROM t2",
      ),
    ).toBe('SELECT ?, ?, ? \nFROM t2');
    expect(redactQueryText('SELECT pg_sleep(120) /* e2e long-running */')).toBe('SELECT pg_sleep(?)');
  });

  it('leaves identifiers with digits and placeholders alone', () => {
    expect(redactQueryText('SELECT col1 FROM table2 WHERE x = $1')).toBe('SELECT col1 FROM table2 WHERE x = $1');
  });
});
