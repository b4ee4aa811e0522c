/**
 * Enumerates the app's pages, route handlers and server actions from the source tree and the build, so the
 * access tests cover every new route and action without being edited.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TABLE_NAMES } from '../../lib/tables/registry';
import { walkFiles } from '../../tests/support/walk-files';

/** Sample values for dynamic segments. */
const SEGMENT_SAMPLES: Record<string, string> = { table: 'content_audit', id: '1', queryid: '1' };

/** Reachable without signing in, each for a stated reason. */
export const PUBLIC_PATHS = new Set(['/login', '/api/health', '/api/health/live', '/api/metrics']);
export const PUBLIC_PREFIXES = ['/api/auth/'];

function toUrlPath(file: string): string | null {
  const segments = path.relative('app', path.dirname(file)).split(path.sep).filter(Boolean);
  const parts: string[] = [];
  for (const segment of segments) {
    if (segment.startsWith('(') && segment.endsWith(')')) continue;
    const dynamic = /^\[(?:\.\.\.)?(\w+)\]$/.exec(segment);
    if (dynamic) {
      const sample = SEGMENT_SAMPLES[dynamic[1]];
      if (!sample) return null;
      parts.push(sample);
    } else parts.push(segment);
  }
  return `/${parts.join('/')}`;
}

export function isPublic(urlPath: string): boolean {
  return PUBLIC_PATHS.has(urlPath) || PUBLIC_PREFIXES.some((prefix) => urlPath.startsWith(prefix));
}

export function listPages(): string[] {
  return [...walkFiles('app')]
    .filter((f) => f.endsWith(`${path.sep}page.tsx`))
    .map(toUrlPath)
    .filter((p): p is string => p !== null)
    .sort();
}

/** Every value a dynamic segment takes, from the registries that define them. */
/** A statement's page is opened for a queryid the history does not hold: its empty state (e2e/queries.spec.ts opens real ones). */
const SEGMENT_VALUES: Record<string, readonly string[]> = { table: TABLE_NAMES, queryid: ['1'] };

/**
 * Every page a user can open: the route tree with each dynamic segment expanded over its registry (each of the six
 * tables' browser and insights), so a page or table added later is covered the day it is added.
 */
export function listEveryPage(): string[] {
  const expand = (file: string): string[] => {
    const segments = path
      .relative('app', path.dirname(file))
      .split(path.sep)
      .filter((segment) => segment && !(segment.startsWith('(') && segment.endsWith(')')));
    return segments
      .reduce<string[]>(
        (paths, segment) => {
          const dynamic = /^\[(\w+)\]$/.exec(segment);
          const values = dynamic ? SEGMENT_VALUES[dynamic[1]] : [segment];
          if (!values)
            throw new Error(`No values for the dynamic segment ${segment} of ${file}: add them to SEGMENT_VALUES.`);
          return paths.flatMap((prefix) => values.map((value) => `${prefix}/${value}`));
        },
        [''],
      )
      .map((p) => p || '/');
  };
  return [...walkFiles('app')]
    .filter((f) => f.endsWith(`${path.sep}page.tsx`))
    .flatMap(expand)
    .sort();
}

export function listRouteHandlers(): { path: string; methods: string[] }[] {
  return [...walkFiles('app')]
    .filter((f) => f.endsWith(`${path.sep}route.ts`))
    .map((file) => {
      const source = readFileSync(file, 'utf8');
      const methods = [
        ...source.matchAll(/export\s+(?:const|async function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g),
      ].map((m) => m[1]);
      return { path: toUrlPath(file) ?? '', methods };
    })
    .filter((route) => route.path !== '' && !route.path.includes('[') && !isPublic(route.path));
}

export interface ServerActionEntry {
  id: string;
  name: string;
  file: string;
  /** The page whose bundle holds the action, where a forged call is posted. */
  pagePath: string;
  requiredRole: string;
}

export function listServerActions(): ServerActionEntry[] {
  const manifest = JSON.parse(readFileSync('.next/server/server-reference-manifest.json', 'utf8')) as {
    node: Record<string, { workers: Record<string, unknown>; filename: string; exportedName: string }>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => {
    const worker = Object.keys(entry.workers)[0];
    const source = readFileSync(entry.filename, 'utf8');
    const roles = [...source.matchAll(/requireRole\('(\w+)'\)/g)].map((m) => m[1]);
    return {
      id,
      name: entry.exportedName,
      file: entry.filename,
      pagePath: toUrlPath(`${worker}.tsx`) ?? '/',
      requiredRole: roles.length === 1 ? roles[0] : `(${roles.length} requireRole calls)`,
    };
  });
}
