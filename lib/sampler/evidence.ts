/**
 * Whether a failed sampling attempt says something about the target (issue 18: "never a false down"). Pure.
 *
 * Evidence: the target refused, reset or could not be routed to; its name did not resolve; TLS with it failed; the
 * server itself returned an error (authentication, a missing database, too many connections, shutting down, its own
 * statement_timeout…); its connection was cut. A timeout is evidence only when the console was not itself the reason
 * it ran out (see isSaturated). Anything else — a row the console could not parse, a bug — is the console's own
 * failure: the target is then "not sampled", never down.
 */
import { AppError } from '../errors';

/** The sampler's own deadline on one attempt (lib/sampler/attempt.ts). */
export class AttemptTimeout extends AppError {
  constructor(readonly timeoutMs: number) {
    super('query_timeout', `The server did not answer the sampling queries within ${timeoutMs / 1000} s.`);
    this.name = 'AttemptTimeout';
  }
}

export type FailureKind = 'evidence' | 'timeout' | 'console';

/** Socket errors: the target (or the way to it) refused or lost the connection, or its name does not resolve. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EPIPE',
  // The kernel's own connect timeout (SYN retries), not a timer of this process.
  'ETIMEDOUT',
  // A Unix socket path that does not exist: the server is not running there.
  'ENOENT',
]);

/** Certificate and handshake failures (Node's TLS error codes): the target cannot be reached as configured. */
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/;

/** Messages node-postgres throws without a code when the server ends the session or refuses TLS. */
const CUT_MESSAGE = /Connection terminated|terminated unexpectedly|not queryable|server does not support SSL|SASL: /i;

/** Timers of this process: its own deadline, and node-postgres's connect and query timeouts. */
const TIMER_MESSAGE = /^(timeout expired|Query read timeout|Connection terminated due to connection timeout)$/;

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && current !== null && chain.length < 5;) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/** Classifies a failed attempt's error (an AppError from lib/pg/client.ts carries the driver's error as its cause). */
export function classifyFailure(error: unknown): FailureKind {
  return classify(causes(error));
}

/** Whether a session kept from an earlier attempt was found dead (its server restarted, or cut it meanwhile). */
export function isDeadSession(error: unknown): boolean {
  return causes(error).some((link) => link instanceof Error && CUT_MESSAGE.test(link.message));
}

function classify(chain: unknown[]): FailureKind {
  if (chain.some((link) => link instanceof AttemptTimeout)) return 'timeout';
  for (const link of chain) {
    const code = (link as { code?: unknown }).code;
    const message = link instanceof Error ? link.message : '';
    if (TIMER_MESSAGE.test(message)) return 'timeout';
    // The server's own answer: an ErrorResponse always carries a SQLSTATE (five characters) and a severity.
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && (link as { severity?: unknown }).severity)
      return 'evidence';
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || TLS_CODE.test(code))) return 'evidence';
    if (CUT_MESSAGE.test(message)) return 'evidence';
    // The target's connection settings cannot be used (lib/pg/client.ts monitoringClientConfig).
    if (link instanceof AppError && link.code === 'database_unavailable') return 'evidence';
  }
  return 'console';
}

/**
 * How much the console's own event loop may lag during an attempt before a timeout is no longer taken as the
 * target's doing. toobusy-js, the usual Node load-shedding check, calls a process too busy from a lag of 70 ms, which
 * it equates with 90–100 % CPU: past that, timers — a deadline among them — fire late, and a deadline that fires
 * after a stall runs before the answer already waiting in the socket is read (Node runs expired timers before it
 * polls for I/O). Erring low costs only a retry at the next slot; erring high raises a false down.
 */
export const SATURATION_LAG_MS = 70;

export interface AttemptPressure {
  /** How late the attempt's deadline fired (0 when it did not fire). */
  deadlineLateMs: number;
  /** The worst event-loop lag seen while the attempt ran. */
  worstLagMs: number;
}

/**
 * Whether the console itself may explain a timeout: its deadline fired late, or its event loop lagged while it ran.
 * A wait in the console's queue before the attempt is not counted: the deadline starts when the attempt does, so
 * the target still had all of its time, and a target whose turn does not come in time is "not sampled" anyway
 * (lib/sampler/engine.ts). Counting it would hide a real outage of many servers — their hung attempts fill the
 * queue — as the console's own lateness.
 */
export function isSaturated({ deadlineLateMs, worstLagMs }: AttemptPressure): boolean {
  return deadlineLateMs > SATURATION_LAG_MS || worstLagMs > SATURATION_LAG_MS;
}
