/**
 * A dedicated session to the console store that holds session advisory locks: the leader loops' (one lock per job,
 * lib/jobs/leader-loop.ts) and each process's membership lock (lib/sampler/membership.ts). A lock lives exactly as
 * long as its session, so the session is kept apart from any pool, watched for death, and reported to the store's
 * outage tracker like every other connection to the store.
 */
import 'server-only';
import pg from 'pg';
import { toPgPoolConfig } from '../config/pg-pool-config';
import { getConsoleDatabaseConnection } from '../env';
import { CONSOLE_APPLICATION_NAME } from '../pg/client';
import { storeOutageTracker } from '../store/outage';

/** How long a lock session may take to answer before it is taken for dead. */
const LIVENESS_TIMEOUT_MS = 5_000;

/**
 * The lock session's TCP keepalives on the server's side: if this process's host goes away without closing the
 * connection, the server ends the session — and frees the lock for another process — after about 25 s rather than
 * after the system default of two hours. Set with SET (any role may), not as startup options, which a pooler in
 * front could refuse.
 */
const LOCK_SESSION_KEEPALIVES = `SELECT set_config('tcp_keepalives_idle', '10', false), set_config('tcp_keepalives_interval', '5', false), set_config('tcp_keepalives_count', '3', false)`;

export class LockSession {
  private client: pg.Client | null = null;
  private readonly connection = getConsoleDatabaseConnection();
  private readonly tracker = storeOutageTracker();

  /** `name` follows the console's application_name in pg_stat_activity: "halcytone-console <name>". */
  constructor(private readonly name: string) {}

  /** The store's password, to be redacted from whatever error a caller keeps. */
  get password(): string | undefined {
    return this.connection.password;
  }

  isOpen(): boolean {
    return this.client !== null;
  }

  /** The open session, or a new one (failing fast while the store is known to be down: one probe per interval). */
  async open(): Promise<pg.Client> {
    this.client ??= await this.connect();
    return this.client;
  }

  /** Whether the session still answers: if the store restarted, the session's locks went with it. */
  async answers(): Promise<boolean> {
    if (!this.client) return false;
    return this.client.query('SELECT 1').then(
      () => true,
      () => false,
    );
  }

  /** Ends the session (releasing its locks); `failed`: only if that client is still the current one. */
  async close(failed?: pg.Client): Promise<void> {
    // An error event from a client already replaced must not drop its successor.
    if (failed && failed !== this.client) return;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<pg.Client> {
    if (!this.tracker.mayAttempt()) throw this.tracker.refusal();
    const client = new pg.Client({
      ...toPgPoolConfig(this.connection),
      application_name: `${CONSOLE_APPLICATION_NAME} ${this.name}`,
      // No answer within this time (a liveness check, a lock, a read of pg_locks) counts as a dead session.
      query_timeout: LIVENESS_TIMEOUT_MS,
    });
    client.on('error', () => void this.close(client));
    try {
      await client.connect();
      await client.query(LOCK_SESSION_KEEPALIVES);
    } catch (error) {
      await client.end().catch(() => {});
      this.tracker.unreachable(error, [this.connection.password]);
      throw error;
    }
    this.tracker.reachable();
    return client;
  }
}
