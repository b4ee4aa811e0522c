/** Runs pg_dump / pg_restore: stderr read line by line for progress, the tail kept for the error message. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { redactSecrets } from '../errors';
import type { PgTool } from './pg-tools';

const TAIL_LINES = 40;

export interface ToolExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ToolProcess {
  child: ChildProcess;
  exit: Promise<ToolExit>;
  /** The newest --verbose line without the "pg_dump: " prefix: what the tool is doing now. */
  currentStep(): string | null;
  /** Whether a line it printed (among the last few) matches. */
  printed(pattern: RegExp): boolean;
  /** Why it failed, from its own words, with the given secrets masked. */
  failure(exit: ToolExit, secrets: readonly (string | undefined)[]): string;
}

export function spawnTool(
  tool: PgTool,
  args: string[],
  env: Record<string, string | undefined>,
  stdin: 'ignore' | 'pipe',
): ToolProcess {
  // Next's types make NODE_ENV required in ProcessEnv; a child tool needs only what libpqEnvironment gives it.
  const child: ChildProcess = spawn(tool.path, args, { env: env as NodeJS.ProcessEnv, stdio: [stdin, 'pipe', 'pipe'] });
  const tail: string[] = [];
  let step: string | null = null;
  const prefix = `${tool.name}: `;
  createInterface({ input: child.stderr! }).on('line', (line) => {
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    if (line.startsWith(prefix) && !line.includes('error:') && !line.includes('warning:'))
      step = line.slice(prefix.length);
  });
  const exit = new Promise<ToolExit>((resolve) => {
    child.once('error', () => resolve({ code: -1, signal: null }));
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  return {
    child,
    exit,
    currentStep: () => step,
    printed: (pattern) => tail.some((line) => pattern.test(line)),
    failure({ code, signal }, secrets) {
      const errors = tail.filter((line) => /error:|FATAL|fatal:|could not|aborting/i.test(line));
      const detail = (errors.length > 0 ? errors : tail.slice(-3)).join(' ').trim();
      const how = signal
        ? `was stopped by ${signal}`
        : code === -1
          ? `could not be started (${tool.path})`
          : `exited with code ${code}`;
      return redactSecrets(`${tool.name} ${how}${detail ? `: ${detail}` : ''}`, secrets);
    },
  };
}
