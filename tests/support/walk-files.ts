/** Every file below `directory`, depth first: for the tests that read the tree (guards, route enumeration). */
import { readdirSync } from 'node:fs';
import path from 'node:path';

export function* walkFiles(directory: string): Generator<string> {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) yield* walkFiles(full);
    else yield full;
  }
}

/** TypeScript sources, tests left out. */
export const isSourceFile = (file: string): boolean => /\.tsx?$/.test(file) && !file.endsWith('.test.ts');
