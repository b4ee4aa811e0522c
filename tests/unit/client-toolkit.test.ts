/**
 * Static guard for the client side (CONTRIBUTING.md, "Where code goes"): client code reaches no server-only module,
 * and polls, writes, confirmations and query keys go through the shared toolkit in lib/client/ instead of being
 * written again in a component. New files are picked up automatically.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function* walk(directory: string): Generator<string> {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts')) yield full;
  }
}

const isClientModule = (file: string) => /^'use client';/.test(readFileSync(file, 'utf8'));
const clientFiles = [...walk('components'), ...walk('app'), ...walk('lib/client')].filter(
  (file) => file.startsWith(`lib${path.sep}client`) || isClientModule(file),
);

/** The project files a module imports at run time (`import type` is erased, so it does not count). */
function runtimeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specifiers = [...source.matchAll(/^(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?'([^']+)'/gm)].map(
    (match) => match[1],
  );
  return specifiers.flatMap((specifier) => {
    if (specifier === 'server-only' || specifier === 'pg') return [specifier];
    const base = specifier.startsWith('@/')
      ? specifier.slice(2)
      : specifier.startsWith('.')
        ? path.join(path.dirname(file), specifier)
        : null;
    if (base === null) return [];
    const resolved = [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find(
      (candidate) => existsSync(candidate) && !candidate.endsWith(path.sep) && /\.tsx?$/.test(candidate),
    );
    return resolved ? [path.normalize(resolved)] : [];
  });
}

/** Why a module may not reach the browser, or null: it says so, or it opens connections. */
function serverOnlyReason(file: string): string | null {
  if (file === 'server-only') return "imports 'server-only'";
  if (file === 'pg') return 'opens PostgreSQL connections';
  if (file === path.join('lib', 'db.ts')) return 'is the Prisma client';
  if (/^import 'server-only';/m.test(readFileSync(file, 'utf8'))) return "is marked 'server-only'";
  return null;
}

/** The chain from a client module to a server-only one, following run-time imports; server actions are a boundary. */
function findServerOnlyChain(start: string): string[] | null {
  const seen = new Set<string>();
  const visit = (file: string, chain: string[]): string[] | null => {
    if (seen.has(file)) return null;
    seen.add(file);
    for (const imported of runtimeImports(file)) {
      const reason = serverOnlyReason(imported);
      if (reason) return [...chain, `${imported} (${reason})`];
      if (imported === 'pg') continue;
      // A server action is called over HTTP: the client bundle holds a reference, not the module.
      if (readFileSync(imported, 'utf8').startsWith("'use server'")) continue;
      const found = visit(imported, [...chain, imported]);
      if (found) return found;
    }
    return null;
  };
  return visit(start, [start]);
}

describe('client modules', () => {
  it('exist', () => expect(clientFiles.length).toBeGreaterThan(0));

  it.each(clientFiles)('%s reaches no server-only module', (file) => {
    expect(findServerOnlyChain(file)).toBeNull();
  });

  // Monitoring SQL is read by pages and loaders, never by a component (a shared parser further down is fine).
  it.each(clientFiles)('%s imports nothing from lib/pg', (file) => {
    const direct = runtimeImports(file).filter((imported) => imported.startsWith(`lib${path.sep}pg${path.sep}`));
    expect(direct).toEqual([]);
  });
});

describe('the client toolkit', () => {
  const componentFiles = [...walk('components'), ...walk('app')];
  // What a component would otherwise write again, and the toolkit piece that does it once.
  const HAND_WRITTEN = [
    [/\buseQuery\(/, 'poll through lib/client/use-live-report.ts'],
    [/\buseMutation\(/, 'write through lib/client/use-action-mutation.ts or use-confirmed-action.ts'],
    [/\bwindow\.confirm\(/, 'confirm through lib/client/use-confirmed-action.ts'],
    [/\bqueryKey:\s*\[/, 'take query keys from lib/client/keys/<domain>.ts'],
  ] as const;

  it.each(componentFiles)('%s uses the toolkit instead of its own copy', (file) => {
    const source = readFileSync(file, 'utf8');
    for (const [pattern, instead] of HAND_WRITTEN) expect(pattern.test(source), `${file}: ${instead}`).toBe(false);
  });

  it('has one FieldError, in components/ui/field-error.tsx', () => {
    const definitions = componentFiles.filter((file) =>
      /export function FieldError\b/.test(readFileSync(file, 'utf8')),
    );
    expect(definitions).toEqual([path.join('components', 'ui', 'field-error.tsx')]);
  });
});
