/**
 * Static guard: every server action checks the session and role itself on its first line of work, and every
 * route handler is either wrapped in withRole or listed here as public with its reason. New files are picked up
 * automatically. (The end-to-end access spec proves the same at run time.)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { walkFiles } from '../support/walk-files';

const PUBLIC_ROUTE_HANDLERS: Record<string, string> = {
  'app/api/health/route.ts': 'load balancers and the start script poll it; it carries no secret',
  'app/api/health/live/route.ts':
    "a load balancer's liveness check: it reads nothing and says only that the process answers",
  'app/api/metrics/route.ts':
    'Prometheus scrapes it without a session: with METRICS_TOKEN a bearer token is required, without it only this machine is answered, both checked in the handler',
  'app/api/auth/[...nextauth]/route.ts': "next-auth's own sign-in, sign-out and session endpoints",
};

const actionFiles = [...walkFiles('lib/actions')].filter(
  (file) => file.endsWith('.ts') && readFileSync(file, 'utf8').startsWith("'use server'"),
);

describe('server actions', () => {
  it('exist', () => expect(actionFiles.length).toBeGreaterThan(0));

  it.each(actionFiles)('%s: each exported action calls requireRole before anything else', (file) => {
    const source = readFileSync(file, 'utf8');
    const exported = [...source.matchAll(/export (?:async )?function (\w+)/g)];
    expect(exported.length).toBeGreaterThan(0);
    for (const match of exported) {
      // The first statement inside the function's try block.
      const body = source.slice(match.index);
      const firstStatement = /\btry \{\s*([^\n]+)/.exec(body)?.[1];
      expect(match[0], file).toMatch(/^export async function/);
      expect(firstStatement, `${file}: ${match[1]}`).toMatch(
        /^(const \w+ = )?await requireRole\('(viewer|operator|admin)'\);$/,
      );
    }
  });
});

/**
 * Per-target roles (lib/auth/target-roles.ts): narrowing never goes below viewer, so every action above viewer must
 * check the role on the target it touches — the page's target through onNamedTarget (lib/targets/selection.ts), the
 * primary through requireRoleOn — unless it acts on the console's own records, listed here with the reason.
 */
const CONSOLE_WIDE_ACTIONS: Record<string, string> = {
  'lib/actions/users/':
    "users and their roles (per-target ones included) are the console's own records, not a target's",
  'lib/actions/targets/':
    "adding or removing a watched server changes the console's configuration; it runs nothing on a target",
  'lib/actions/sessions/': "sign-in sessions are the console's own records",
};

describe('server actions above viewer', () => {
  const aboveViewer = actionFiles.filter((file) =>
    /requireRole\('(operator|admin)'\)/.test(readFileSync(file, 'utf8')),
  );
  const consoleWide = (file: string) =>
    Object.keys(CONSOLE_WIDE_ACTIONS).some((prefix) => file.split(path.sep).join('/').startsWith(prefix));

  it('exist, and some act on the console only', () => {
    expect(aboveViewer.filter((file) => !consoleWide(file)).length).toBeGreaterThan(10);
    expect(aboveViewer.some(consoleWide)).toBe(true);
  });

  it.each(aboveViewer.filter((file) => !consoleWide(file)))('%s checks the role on the target it touches', (file) =>
    expect(readFileSync(file, 'utf8'), file).toMatch(/\b(onNamedTarget|getNamedTargetOrThrow|requireRoleOn)\(/),
  );

  it.each(Object.keys(CONSOLE_WIDE_ACTIONS))('the console-wide %s exists', (prefix) =>
    expect(existsSync(prefix), prefix).toBe(true),
  );
});

describe('route handlers', () => {
  const routeFiles = [...walkFiles('app')].filter((file) => file.endsWith('route.ts'));

  it.each(routeFiles)('%s is guarded by withRole or listed as public', (file) => {
    const source = readFileSync(file, 'utf8');
    if (PUBLIC_ROUTE_HANDLERS[file]) return;
    const handlers = [...source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE) = (\w+)(?:<[^(]*>)?\(/g)];
    expect(handlers.length).toBeGreaterThan(0);
    for (const [, , wrapper] of handlers) expect(wrapper).toBe('withRole');
    expect(source).not.toMatch(/export (async )?function (GET|POST|PUT|PATCH|DELETE)/);
  });

  // As for actions: a route above viewer names the target whose role decides (withRole's `on`).
  it.each(routeFiles.filter((file) => /withRole(?:<[^(]*>)?\(\s*'(operator|admin)'/.test(readFileSync(file, 'utf8'))))(
    '%s, above viewer, checks the role on its target',
    (file) => expect(readFileSync(file, 'utf8'), file).toMatch(/\{ on: \w+ \}/),
  );
});

describe('route handler errors', () => {
  const routeFiles = [...walkFiles('app')].filter((file) => file.endsWith('route.ts'));
  // Status documents, not errors: /api/health answers 503 with its report while a database is down.
  const STATUS_DOCUMENTS = new Set(['app/api/health/route.ts', 'app/api/health/live/route.ts']);

  it.each(routeFiles.filter((file) => !STATUS_DOCUMENTS.has(file)))(
    '%s answers errors through lib/errors.ts, never a status or error body chosen by hand',
    (file) => {
      const source = readFileSync(file, 'utf8');
      expect(source, file).not.toMatch(/status:\s*[45]\d\d/);
      expect(source, file).not.toMatch(/\berror:\s*['`"{]/);
    },
  );
});

/** The relative and `@/` imports of a module (with `values`, only those not `import type`), resolved to files. */
function localImports(file: string, { values = false } = {}): string[] {
  const source = readFileSync(file, 'utf8');
  const pattern = values ? /^import (?!type )[^;]*?from '([^']+)';/gms : /(?:from\s+|import\s*\(?\s*)'([^']+)'/g;
  const specifiers = [...source.matchAll(pattern)].map((match) => match[1]);
  return specifiers.flatMap((specifier) => {
    if (!specifier.startsWith('.') && !specifier.startsWith('@/')) return [];
    const base = specifier.startsWith('@/') ? specifier.slice(2) : path.join(path.dirname(file), specifier);
    const found = [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((candidate) => existsSync(candidate));
    return found ? [path.normalize(found)] : [];
  });
}

describe('server-only', () => {
  const NOT_SERVER_ONLY = /^\/\/ Not 'server-only': scripts\/ loads it too/;
  const DATABASE_CLIENTS = new Set(['lib/db.ts', 'lib/pg/client.ts', 'lib/store/store-pool.ts']);
  const libModules = [...walkFiles('lib')].filter(
    (file) =>
      /\.tsx?$/.test(file) &&
      !file.endsWith('.test.ts') &&
      !file.startsWith(path.join('lib', 'generated')) &&
      // Server actions ('use server') are the boundary itself: Next.js never bundles their code for the browser.
      !file.startsWith(path.join('lib', 'actions')),
  );
  // A value import: a module that only names a client's type (it is handed one) does not reach a database itself.
  const reachesDatabase = (file: string) =>
    /^import (?!type )[^;]*?from '(pg|@prisma\/client|[^']*generated\/prisma[^']*)';/ms.test(
      readFileSync(file, 'utf8'),
    ) || localImports(file, { values: true }).some((imported) => DATABASE_CLIENTS.has(imported));

  // Everything scripts/ loads, followed through imports: it runs under tsx, where 'server-only' throws.
  const loadedByScripts = new Set<string>();
  const pending = [...walkFiles('scripts')].filter((file) => file.endsWith('.ts'));
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (loadedByScripts.has(file)) continue;
    loadedByScripts.add(file);
    pending.push(...localImports(file));
  }

  const databaseModules = libModules.filter(reachesDatabase);
  it('finds the modules that reach a database', () => expect(databaseModules.length).toBeGreaterThan(20));

  it.each(databaseModules)('%s is server-only, or says why not', (file) => {
    const source = readFileSync(file, 'utf8');
    expect(/^import 'server-only';$/m.test(source) || NOT_SERVER_ONLY.test(source), file).toBe(true);
  });

  it.each([...loadedByScripts].filter((file) => file.startsWith(`lib${path.sep}`)))(
    '%s, loaded by scripts/, does not import server-only',
    (file) => expect(readFileSync(file, 'utf8')).not.toMatch(/^import 'server-only';$/m),
  );

  it.each(libModules.filter((file) => NOT_SERVER_ONLY.test(readFileSync(file, 'utf8'))))(
    '%s says scripts/ loads it, and they do',
    (file) => expect(loadedByScripts.has(file), file).toBe(true),
  );
});

describe('components', () => {
  const componentFiles = [...walkFiles('components')].filter(
    (file) => /\.tsx?$/.test(file) && !file.endsWith('.test.ts'),
  );

  // Pages and loaders (lib/<domain>/load-*.ts) load; components take props and render (CONTRIBUTING.md).
  /** The lib modules `file` imports as values (type-only imports bring no code), resolved to their files. */
  const valueImportsOf = (file: string): string[] =>
    [...readFileSync(file, 'utf8').matchAll(/^import (?!type )[^;]*?from '([^']+)';/gms)]
      .map((match) => match[1])
      .map((specifier) =>
        specifier.startsWith('@/')
          ? specifier.slice(2)
          : specifier.startsWith('.')
            ? path.join(path.dirname(file), specifier)
            : null,
      )
      .flatMap((base) => (base ? [`${base}.ts`, `${base}.tsx`].filter((candidate) => existsSync(candidate)) : []));

  // Pages and loaders (lib/<domain>/load-*.ts) load; components take props and render (CONTRIBUTING.md). Followed
  // through every module a component reaches: a pure-looking module that imports SQL would carry it to the browser.
  it.each(componentFiles)('%s reaches nothing server-only (types aside)', (file) => {
    const seen = new Set<string>();
    const pending = [{ module: file, via: file }];
    while (pending.length) {
      const { module, via } = pending.pop()!;
      for (const target of valueImportsOf(module)) {
        if (seen.has(target)) continue;
        seen.add(target);
        // A server action reaches the browser as a reference to call, never as its code.
        if (/^['"]use server['"];?$/m.test(readFileSync(target, 'utf8'))) continue;
        expect(readFileSync(target, 'utf8'), `${file} reaches ${target} (through ${via})`).not.toMatch(
          /^import 'server-only';$/m,
        );
        pending.push({ module: target, via: module });
      }
    }
  });
});

describe('lib/pg tests', () => {
  const modules = readdirSync(path.join('lib', 'pg')).filter(
    (name) => name.endsWith('.ts') && !name.endsWith('.test.ts'),
  );

  it('exist', () => expect(modules.length).toBeGreaterThan(10));

  // Tests mirror lib/pg one to one against a real PostgreSQL (CONTRIBUTING.md), as PgHero's do.
  it.each(modules)('lib/pg/%s has tests/integration/ of the same name', (name) => {
    const test = path.join('tests', 'integration', name.replace(/\.ts$/, '.test.ts'));
    expect(existsSync(test), test).toBe(true);
    // …and tests that module, not another one.
    expect(readFileSync(test, 'utf8'), test).toContain(`@/lib/pg/${name.replace(/\.ts$/, '')}'`);
  });
});

describe('error boundaries', () => {
  const pageDirectories = [...walkFiles('app')]
    .filter((file) => file.endsWith(`${path.sep}page.tsx`))
    .map((file) => path.dirname(file));

  it('exist', () => expect(pageDirectories.length).toBeGreaterThan(0));

  // A page whose data fails must answer inside the shell with what failed and a retry, never the framework's page.
  it.each([...pageDirectories, 'app'])('%s has an error.tsx', (directory) => {
    const file = path.join(directory, 'error.tsx');
    expect(existsSync(file), file).toBe(true);
    expect(readFileSync(file, 'utf8')).toMatch(/^'use client';/);
  });
});
