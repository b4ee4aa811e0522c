/**
 * After the run: a console database that a test stopped and started again runs outside `npm start` (which cannot
 * stop it then), so it is stopped here; the web server's own shutdown follows.
 */
import { isConsoleDatabaseRunning, stopConsoleDatabase } from './console-database';

export default function globalTeardown(): void {
  if (!isConsoleDatabaseRunning()) return;
  try {
    stopConsoleDatabase();
  } catch {
    // Already stopping with the web server.
  }
}
