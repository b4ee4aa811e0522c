/**
 * GET /api/health: whether the console and its database answer. Public, so it carries no secret: no URL, no
 * user name, and error text with any password removed.
 */
import 'server-only';
import { getEnv } from '../env';
import { AppError, errorMessage } from '../errors';
import { z } from 'zod';
import { queryOne, toAppError } from '../pg/client';
import { text } from '../pg/rows';

export interface Health {
  status: 'ok' | 'degraded';
  console: { version: string; uptimeSeconds: number };
  database: {
    source: 'embedded' | 'external';
    reachable: boolean;
    serverVersion?: string;
    latencyMs?: number;
    error?: string;
  };
}

const CONSOLE_VERSION = process.env.npm_package_version ?? '0.1.0';

export async function getHealth(): Promise<Health> {
  const consoleState = { version: CONSOLE_VERSION, uptimeSeconds: Math.round(process.uptime()) };
  let source: Health['database']['source'] = 'external';
  try {
    source = getEnv().CONSOLE_DATABASE_SOURCE;
    const started = performance.now();
    const row = await queryOne(z.object({ server_version: text }), `SELECT current_setting('server_version') AS server_version`);
    return {
      status: 'ok',
      console: consoleState,
      database: { source, reachable: true, serverVersion: row.server_version, latencyMs: Math.round(performance.now() - started) },
    };
  } catch (error) {
    const appError = error instanceof AppError ? error : toAppError(error);
    return {
      status: 'degraded',
      console: consoleState,
      database: { source, reachable: false, error: appError.userMessage || errorMessage(error) },
    };
  }
}
