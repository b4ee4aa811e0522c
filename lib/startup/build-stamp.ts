/**
 * Decides whether `npm start` must run `next build`: the production build is reused while no source file has
 * changed since it was made (a stamp of paths, sizes and modification times stored beside it).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const SOURCE_ROOTS = ['app', 'components', 'lib', 'public'];
const SOURCE_FILES = ['next.config.ts', 'package-lock.json', 'tsconfig.json', 'prisma/schema.prisma', 'proxy.ts'];
const SKIPPED = new Set(['node_modules', '.next', 'generated']);

function* walk(directory: string): Generator<string> {
  if (!existsSync(directory)) return;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

export function computeSourceStamp(root: string): string {
  const hash = createHash('sha256');
  const files = [
    ...SOURCE_ROOTS.flatMap((dir) => [...walk(path.join(root, dir))]),
    ...SOURCE_FILES.map((f) => path.join(root, f)),
  ]
    .filter((file) => existsSync(file))
    .sort();
  for (const file of files) {
    const stat = statSync(file);
    hash.update(`${path.relative(root, file)}\0${stat.size}\0${stat.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

function stampFile(root: string): string {
  return path.join(root, '.next', 'console-source-stamp');
}

export function isBuildCurrent(root: string): boolean {
  if (!existsSync(path.join(root, '.next', 'BUILD_ID')) || !existsSync(stampFile(root))) return false;
  return readFileSync(stampFile(root), 'utf8') === computeSourceStamp(root);
}

export function recordBuild(root: string, stamp: string): void {
  writeFileSync(stampFile(root), stamp);
}
