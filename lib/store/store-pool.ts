/**
 * The connection pool of the console store (the database holding the console schema). Every checkout reports to
 * the store's outage tracker (lib/store/outage.ts): a failed connect starts an outage, a successful one ends it,
 * and while it lasts a checkout fails at once except for one probe per interval.
 */
import 'server-only';
import pg from 'pg';
import type { OutageTracker } from './outage';

type ConnectCallback = (
  error: Error | undefined,
  client: pg.PoolClient | undefined,
  done: (release?: unknown) => void,
) => void;

export class TrackedPool extends pg.Pool {
  constructor(
    config: pg.PoolConfig,
    private readonly tracker: OutageTracker,
    private readonly secrets: readonly (string | undefined)[],
  ) {
    super(config);
    // An idle connection that dies (server restart) must not crash the process; the next checkout reconnects.
    this.on('error', () => undefined);
  }

  connect(): Promise<pg.PoolClient>;
  connect(callback: ConnectCallback): void;
  connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    if (!this.tracker.mayAttempt()) {
      const refusal = this.tracker.refusal();
      if (callback) return void process.nextTick(() => callback(refusal, undefined, () => undefined));
      return Promise.reject(refusal);
    }
    // A full pool makes the caller wait for a free connection: a timeout then is the console's own load, not an
    // outage of the database (so it never starts one).
    const waitsForFreeConnection = this.totalCount >= (this.options.max ?? 10);
    const settle = (error: Error | undefined) => {
      if (!error) this.tracker.reachable();
      else if (!waitsForFreeConnection) this.tracker.unreachable(error, this.secrets);
    };
    if (callback) {
      return super.connect((error, client, done) => {
        settle(error);
        callback(error, client, done);
      });
    }
    return super.connect().then(
      (client) => {
        settle(undefined);
        return client;
      },
      (error: Error) => {
        settle(error);
        throw error;
      },
    );
  }
}
