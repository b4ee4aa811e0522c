/**
 * The TARGETS variable: the servers the console watches besides DATABASE_URL, as `name=url` pairs separated by
 * whitespace or semicolons (commas may appear inside a URL's parameters, so they do not separate). Pure.
 */
import { ConnectionStringError, parseConnectionString, type ParsedConnection } from '../config/connection-string';

/** DATABASE_URL's target: the console's own store and the server backups, checklist and writes go to. */
export const PRIMARY_TARGET = 'primary';

/** Names become URL parameters, cookie values and Prometheus label values: keep them plain. */
export const TARGET_NAME_PATTERN = /^[a-z][a-z0-9_-]{0,39}$/;

export class TargetListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetListError';
  }
}

export interface NamedConnection {
  name: string;
  connection: ParsedConnection;
}

/** Why `name` cannot name a target, or null when it can. */
export function targetNameProblem(name: string): string | null {
  if (!TARGET_NAME_PATTERN.test(name)) {
    return `"${name}" is not a target name: use 1–40 lower-case letters, digits, "-" or "_", starting with a letter`;
  }
  if (name === PRIMARY_TARGET) return `"${PRIMARY_TARGET}" is DATABASE_URL's target and cannot be configured again`;
  return null;
}

/** Parses TARGETS; every problem names the entry it is in, never the entry's password. */
export function parseTargetList(value: string | undefined): NamedConnection[] {
  const entries = (value ?? '').split(/[\s;]+/).filter(Boolean);
  const seen = new Set<string>();
  return entries.map((entry, index) => {
    const separator = entry.indexOf('=');
    if (separator <= 0) throw new TargetListError(`TARGETS entry ${index + 1} is not name=url`);
    const name = entry.slice(0, separator);
    const problem = targetNameProblem(name);
    if (problem) throw new TargetListError(`TARGETS entry ${index + 1}: ${problem}`);
    if (seen.has(name)) throw new TargetListError(`TARGETS names "${name}" twice`);
    seen.add(name);
    try {
      return { name, connection: parseConnectionString(entry.slice(separator + 1)) };
    } catch (error) {
      if (error instanceof ConnectionStringError) {
        throw new TargetListError(`TARGETS entry "${name}": ${error.detail}`);
      }
      throw error;
    }
  });
}
