/** Runs a project command (prisma, next) as a child process, with output passed through and secrets masked. */
import { spawn, type ChildProcess } from 'node:child_process';
import { redactSecrets } from '../errors';

export interface RunOptions {
  env: NodeJS.ProcessEnv;
  /** Known secrets to mask in the child's output. */
  secrets?: (string | undefined)[];
  prefix?: string;
  /** Keep the output (secrets masked) instead of passing it through; it is quoted if the command fails. */
  silent?: boolean;
  /** Lines dropped altogether: a child's chatter that says nothing the user needs. */
  hide?: RegExp;
}

function spawnWithOutput(
  command: string,
  args: string[],
  { env, secrets = [], prefix = '', silent = false, hide }: RunOptions,
): { child: ChildProcess; kept: string[] } {
  const child = spawn(process.execPath, [command, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const kept: string[] = [];
  const relay = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim() || hide?.test(line)) continue;
      const masked = `${prefix}${redactSecrets(line, secrets)}`;
      if (silent) kept.push(masked);
      else stream.write(`${masked}\n`);
    }
  };
  child.stdout?.on('data', relay(process.stdout));
  child.stderr?.on('data', relay(process.stderr));
  return { child, kept };
}

export function spawnProject(command: string, args: string[], options: RunOptions): ChildProcess {
  return spawnWithOutput(command, args, options).child;
}

/** Resolves with the kept output (secrets masked; empty unless `silent`) when the command succeeds. */
export function runProject(command: string, args: string[], options: RunOptions): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const { child, kept } = spawnWithOutput(command, args, options);
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0
        ? resolve(kept)
        : reject(
            new Error(
              `${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})${kept.length ? `:\n${kept.slice(-40).join('\n')}` : ''}`,
            ),
          ),
    );
  });
}
