/**
 * Static guard for the naming rules of CONTRIBUTING.md: a server action's file is named after its one export, and no
 * action renames an import with `as` (the library function is named for what it does to the data instead).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSourceFile, walkFiles } from '../support/walk-files';

const camelCase = (kebab: string) => kebab.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

const actionFiles = [...walkFiles('lib/actions')]
  .filter(isSourceFile)
  .filter((file) => readFileSync(file, 'utf8').startsWith("'use server'"));

describe('server action names', () => {
  it('exist', () => expect(actionFiles.length).toBeGreaterThan(0));

  it.each(actionFiles)('%s exports one action named after the file', (file) => {
    const exported = [...readFileSync(file, 'utf8').matchAll(/export (?:async )?function (\w+)/g)].map(
      (match) => match[1],
    );
    expect(exported).toEqual([camelCase(path.basename(file, '.ts'))]);
  });

  it.each([...walkFiles('lib/actions')].filter(isSourceFile))('%s renames no import', (file) => {
    const imports = [...readFileSync(file, 'utf8').matchAll(/^import\s+(?:type\s+)?\{([^}]*)\}/gm)];
    const renamed = imports.flatMap((match) => match[1].split(',')).filter((name) => /\sas\s/.test(name));
    expect(renamed, file).toEqual([]);
  });
});
