/** Runs a project command (prisma, next) as a child process, with output passed through and secrets masked. */
import { spawn, type ChildProcess } from 'node:child_process';
import { redactSecrets } from '../errors';

export interface RunOptions {
  env: NodeJS.ProcessEnv;
  /** Known secrets to mask in the child's output. */
  secrets?: (string | undefined)[];
  prefix?: string;
}

export function spawnProject(command: string, args: string[], { env, secrets = [], prefix = '' }: RunOptions): ChildProcess {
  const child = spawn(process.execPath, [command, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const relay = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim()) stream.write(`${prefix}${redactSecrets(line, secrets)}\n`);
    }
  };
  child.stdout?.on('data', relay(process.stdout));
  child.stderr?.on('data', relay(process.stderr));
  return child;
}

export function runProject(command: string, args: string[], options: RunOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawnProject(command, args, options);
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}
