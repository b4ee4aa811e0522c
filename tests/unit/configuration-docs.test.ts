/**
 * Static guard: every variable of the one configuration schema (lib/env.ts) is described in docs/configuration.md,
 * so a variable added to the schema fails here until the page says what it does and what its default is.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

function schemaVariables(): string[] {
  const source = readFileSync('lib/env.ts', 'utf8');
  const schema = source.slice(source.indexOf('const envSchema'), source.indexOf('export type Env'));
  return [...schema.matchAll(/^ +([A-Z][A-Z0-9_]+):/gm)].map((match) => match[1]);
}

describe('docs/configuration.md', () => {
  it('describes every variable of lib/env.ts', () => {
    const variables = schemaVariables();
    expect(variables.length).toBeGreaterThan(40);
    const page = readFileSync('docs/configuration.md', 'utf8');
    expect(variables.filter((name) => !page.includes(`\`${name}\``))).toEqual([]);
  });
});
