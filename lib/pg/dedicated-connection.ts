/**
 * One connection a caller holds for a target (the sampler's, lib/sampler/connections.ts), and how statements go out
 * on it. A sample is a handful of small reads; sent one by one, each is a round trip — a write, the server woken, a
 * read — and at a thousand targets those round trips were a fifth of the console's CPU (a profile of
 * bench/fleet-sampler.ts, mostly the kernel's socket writes). So the statements without values that a caller sends
 * in one turn of the event loop go out as one simple-protocol message, and their results come back together. Each
 * figure keeps its own SQL in its own module; only the sending is shared.
 *
 * Only reads are sent this way: statements gathered into one message may run before a statement with values sent
 * earlier in the same turn, and PostgreSQL runs one message's statements in one implicit transaction.
 */
import 'server-only';
import type pg from 'pg';

/**
 * A connection held by its caller: statements sent at once wait their turn on it, one message after the other as a
 * session takes them, instead of waiting for a pool; facts of its server are asked once (lib/pg/client.ts).
 */
export interface DedicatedConnection {
  readonly client: pg.ClientBase;
  /**
   * Facts of its server asked once per connection (askOncePerConnection: its version, its identity); forgotten after
   * any failure.
   */
  facts?: Map<string, Promise<unknown>>;
  /** The last message sent on it, which the next one waits for. */
  tail?: Promise<unknown>;
  /** Statements without values waiting to go out in the next message. */
  gathering?: GatheredStatement[];
}

interface GatheredStatement {
  text: string;
  resolve: (result: pg.QueryResult) => void;
  reject: (error: unknown) => void;
}

/** Runs `send` after every message sent on `connection` before it, whatever became of them. */
function inTurn<T>(connection: DedicatedConnection, send: () => Promise<T>): Promise<T> {
  const result = (connection.tail ?? Promise.resolve()).then(send, send);
  connection.tail = result.catch(() => undefined);
  return result;
}

/** The next turn of the event loop: every promise job of this one (the caller's other statements) has run by then. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Sends a statement on a dedicated connection after the ones before it. node-postgres would queue a statement sent
 * while another runs, but has deprecated that (gone in pg 9), so the order is kept here. A statement with values
 * goes alone (bound parameters need the extended protocol, one statement a message); one without joins the
 * statements sent in the same turn.
 */
export function queryInTurn(
  connection: DedicatedConnection,
  text: string,
  values?: readonly unknown[],
): Promise<pg.QueryResult> {
  if (values && values.length > 0) return inTurn(connection, () => connection.client.query(text, [...values]));
  return new Promise((resolve, reject) => {
    const statement = { text, resolve, reject };
    if (connection.gathering) {
      connection.gathering.push(statement);
      return;
    }
    const statements = [statement];
    connection.gathering = statements;
    void inTurn(connection, async () => {
      await nextTurn();
      // From here on, what the caller sends goes in the next message.
      if (connection.gathering === statements) connection.gathering = undefined;
      await sendTogether(connection.client, statements);
    });
  });
}

/**
 * Whether a failed message is worth sending again one statement at a time: a failure of one statement of its own
 * (its SQL refused, a privilege or an extension missing) aborts its siblings, which deserve their own answer. Not
 * when the connection or the server is the problem (SQLSTATE classes 08, 53, 57 — which includes statement_timeout's
 * 57014 — and 58, or no SQLSTATE at all): each would fail again, and time out again.
 */
function worthSendingAlone(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.length === 5 && !['08', '53', '57', '58'].includes(code.slice(0, 2));
}

async function sendOne(client: pg.ClientBase, statement: GatheredStatement): Promise<void> {
  try {
    statement.resolve(await client.query(statement.text));
  } catch (error) {
    statement.reject(error);
  }
}

async function sendTogether(client: pg.ClientBase, statements: GatheredStatement[]): Promise<void> {
  if (statements.length === 1) return sendOne(client, statements[0]);
  let results: pg.QueryResult[];
  try {
    // Each statement ends its own line: a text ending in a `--` comment must not swallow the separator.
    // node-postgres answers a message of several statements with one result each (its typings know only one).
    const answer: pg.QueryResult | pg.QueryResult[] = await client.query(
      statements.map(({ text }) => text).join('\n;\n'),
    );
    results = Array.isArray(answer) ? answer : [answer];
  } catch (error) {
    if (!worthSendingAlone(error)) {
      for (const statement of statements) statement.reject(error);
      return;
    }
    results = [];
  }
  // A text of its own holding no statement or several (a trailing `;`) would shift the results: send each alone.
  if (results.length === statements.length) statements.forEach((statement, i) => statement.resolve(results[i]));
  else for (const statement of statements) await sendOne(client, statement);
}
