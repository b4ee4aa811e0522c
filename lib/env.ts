// Not 'server-only': scripts/ loads it too (tsx, outside Next.js), where that import throws.
/**
 * The console's configuration: read from the environment once, validated with zod, typed everywhere after.
 * Every variable is documented in docs/configuration.md.
 */
import { z } from 'zod';
import { ConnectionStringError, parseConnectionString, type ParsedConnection } from './config/connection-string';
import { parseTargetRoleRules, parseValueList, TargetRoleRuleError } from './auth/claim-roles';
import { parseTrustedProxies, TrustedProxiesError } from './http/client-address';
import { parseTargetList, PRIMARY_TARGET, TARGET_NAME_PATTERN, TargetListError } from './targets/target-list';
import { parseTargetTags, TargetTagsError } from './targets/target-tags';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z
  .object({
    /** The monitored database. Unset: `npm start` runs an embedded PostgreSQL and sets it for the server. */
    DATABASE_URL: z.string().trim().min(1).optional(),
    /**
     * Where the console keeps its own data (users, samples, alerts, audit, backup records, evidence): a database other
     * than the one it watches, so an outage of the watched primary leaves the console working. Unset: the console
     * schema lives in DATABASE_URL's database.
     */
    CONSOLE_DATABASE_URL: z.string().trim().min(1).optional(),
    /**
     * While the console's database is unreachable, people already signed in keep their last known role for this
     * long after the outage began (the console cannot check a disabled account or a changed role meanwhile).
     */
    STORE_OUTAGE_GRACE_MINUTES: positiveInt(240),
    /** Set by the start script: "embedded" or "external", shown by /api/health. */
    CONSOLE_DATABASE_SOURCE: z.enum(['embedded', 'external']).default('external'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /** Where the embedded PostgreSQL, its state and generated secrets live. */
    DATA_DIR: z.string().min(1).default('.data'),
    ADMIN_EMAIL: z.email().optional(),
    ADMIN_PASSWORD: z.string().min(12, 'ADMIN_PASSWORD must be at least 12 characters').optional(),
    NEXTAUTH_SECRET: z.string().min(32, 'NEXTAUTH_SECRET must be at least 32 characters').optional(),
    /** Rows of demo data the first start puts in the six tables of an empty embedded database. */
    SEED_ROWS: z.coerce.number().int().min(0).default(20_000),
    /** Per-statement limits on every monitoring query (the guide's pool uses 30 s for the app; we stay far below). */
    PG_STATEMENT_TIMEOUT_MS: positiveInt(5_000),
    PG_LOCK_TIMEOUT_MS: positiveInt(1_000),
    /** Connections the monitoring runner may hold on the monitored server. */
    PG_MONITOR_POOL_MAX: z.coerce.number().int().min(1).max(10).default(2),
    /**
     * Sign-in throttling (lib/auth/throttle.ts), counted before the password is checked: this many tries of one
     * account from one address within the window, then that address waits for the window's end for that account
     * (its owner elsewhere is not locked out); SIGNIN_MAX_FAILURES_PER_ADDRESS tries of any accounts from one address.
     */
    SIGNIN_MAX_FAILURES: positiveInt(5),
    SIGNIN_MAX_FAILURES_PER_ADDRESS: positiveInt(20),
    SIGNIN_WINDOW_MINUTES: positiveInt(15),
    /** Sign-ins checked at once per process (each password check is a 128 MiB scrypt); more get 429 and Retry-After. */
    SIGNIN_MAX_CONCURRENT: z.coerce.number().int().min(1).max(64).default(4),
    /**
     * Reverse proxies in front of the console (addresses or CIDR blocks): only from these is X-Forwarded-For
     * believed, for the client address that sign-in throttling and the metrics endpoint use.
     */
    TRUSTED_PROXIES: z
      .string()
      .optional()
      .superRefine((value, context) => {
        try {
          parseTrustedProxies(value);
        } catch (error) {
          if (!(error instanceof TrustedProxiesError)) throw error;
          context.addIssue({ code: 'custom', message: error.message });
        }
      }),
    /**
     * The background sampler (lib/sampler/): every console process samples the targets its shard owns, each once per
     * SAMPLE_INTERVAL_SECONDS at a phase of its own; samples are kept SAMPLE_RETENTION_DAYS days.
     */
    SAMPLE_INTERVAL_SECONDS: positiveInt(15),
    SAMPLE_RETENTION_DAYS: positiveInt(14),
    /** Targets one process samples at once; the rest wait their turn (docs/fleet-and-alerts.md, sizing). */
    SAMPLER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
    /** Sampling connections one process keeps open across all targets (one per target; past it the most recently used idle one is closed first). */
    SAMPLER_CONNECTION_BUDGET: positiveInt(1_000),
    /** Consecutive failed attempts, each evidence about the target itself, before it is declared down. */
    TARGET_DOWN_AFTER_FAILURES: z.coerce.number().int().min(1).max(10).default(2),
    /**
     * Workload history (lib/workload): one collector per deployment (advisory lock) samples pg_stat_activity every
     * ACTIVITY_SAMPLE_SECONDS and pg_stat_statements' counters every STATEMENT_SAMPLE_SECONDS, keeping per interval the
     * top STATEMENT_HISTORY_TOP statements by time plus one row for all others; minute rows are kept
     * STATEMENT_HISTORY_DAYS days (day partitions, dropped whole), hourly rollups STATEMENT_HOURLY_DAYS days.
     */
    ACTIVITY_SAMPLE_SECONDS: positiveInt(5),
    STATEMENT_SAMPLE_SECONDS: positiveInt(60),
    STATEMENT_HISTORY_TOP: positiveInt(200),
    STATEMENT_HISTORY_DAYS: positiveInt(14),
    STATEMENT_HOURLY_DAYS: positiveInt(90),
    /** The guide's long-running query threshold: "now() - query_start > interval '30 seconds'". */
    LONG_RUNNING_SECONDS: positiveInt(30),
    /** A statement is slow when its mean time exceeds this; the guide logs statements slower than 1000 ms. */
    SLOW_QUERY_MS: positiveInt(1_000),
    /** The on-call glance's thresholds; defaults from the guide's alert rules. */
    ALERT_CONNECTIONS: positiveInt(150),
    ALERT_SLOW_QUERIES: positiveInt(10),
    ALERT_CACHE_HIT_RATIO: z.coerce.number().min(0).max(1).default(0.99),
    /** Below this many table blocks accessed since the statistics were reset, the cache-hit ratio is "warming up". */
    ALERT_CACHE_HIT_MIN_BLOCKS: z.coerce.number().int().min(0).default(100_000),
    ALERT_REPLICATION_LAG_SECONDS: positiveInt(60),
    /** Seconds a drill-down report's live result is reused, so many viewers cost one query. */
    LIVE_REPORT_CACHE_SECONDS: z.coerce.number().int().min(0).default(5),
    /** A report section that timed out is shown with its time and not run again by any viewer for this long. */
    SECTION_FAILURE_RETRY_SECONDS: z.coerce.number().int().min(0).default(60),
    /**
     * Insights rollups (lib/tables/insights/rollups): the leader's cycle, the late-arrival window, and the watched
     * database's query time a cycle plans to spend (new rows, then upkeep) and may spend on the first build. The cycle
     * budget is 35 ms so that a cycle whose upkeep step reads more pages from disk than its estimate (by up to half)
     * stays within issue 15's 50 ms (docs/insights.md, "What it costs").
     */
    INSIGHTS_INTERVAL_SECONDS: positiveInt(15),
    INSIGHTS_LATE_SECONDS: positiveInt(15),
    INSIGHTS_CYCLE_BUDGET_MS: positiveInt(35),
    INSIGHTS_BUILD_BUDGET_MS: positiveInt(5_000),
    /** Set to false where cancelling or terminating backends from the console is forbidden. */
    ALLOW_BACKEND_SIGNALS: z
      .enum(['true', 'false'])
      .default('true')
      .transform((value) => value === 'true'),
    /** pg_dump / pg_restore to use; unset: the newest found on PATH or under /usr/lib/postgresql/<major>/bin. */
    PG_DUMP_PATH: z.string().trim().min(1).optional(),
    PG_RESTORE_PATH: z.string().trim().min(1).optional(),
    /** Where backups go: a local directory (default <DATA_DIR>/backups) or S3-compatible object storage. */
    BACKUP_STORAGE: z.enum(['local', 's3']).default('local'),
    BACKUP_DIR: z.string().trim().min(1).optional(),
    BACKUP_S3_BUCKET: z.string().trim().min(1).optional(),
    BACKUP_S3_PREFIX: z.string().trim().default('database/'),
    /** For S3-compatible servers (MinIO, Ceph, s3rver): their URL; path-style addressing is then used. */
    BACKUP_S3_ENDPOINT: z.url().optional(),
    BACKUP_S3_REGION: z.string().trim().min(1).default('us-east-1'),
    /** The application's own database role (the guide's halcytone_user), whose privileges the checklist audits. */
    APP_DB_ROLE: z.string().trim().min(1).max(63).default('halcytone_user'),
    /**
     * The role Explain plans and EXPLAIN ANALYZE runs as (SET LOCAL ROLE inside a SECURITY DEFINER wrapper, READ
     * ONLY; lib/pg/explain.ts): not a superuser, and unable to log in. Unset: APP_DB_ROLE when that role exists and
     * passes the checks; otherwise both are refused with the reason.
     */
    EXPLAIN_ROLE: z.string().trim().min(1).max(63).optional(),
    /** The guide's CONNECTION LIMIT for the application role; the checklist wants a limit at most this. */
    APP_DB_MAX_CONNECTION_LIMIT: positiveInt(200),
    /** Checklist: the newest successful backup must be younger than this (a daily schedule plus slack). */
    CHECK_BACKUP_MAX_AGE_HOURS: positiveInt(26),
    /** The database server's memory, CPUs and storage for the tuning advisor; detected for the embedded server. */
    DB_SERVER_MEMORY_MB: z.coerce.number().int().positive().optional(),
    DB_SERVER_CPUS: z.coerce.number().int().positive().optional(),
    DB_SERVER_STORAGE: z.enum(['ssd', 'hdd']).default('ssd'),
    /** PgBouncer's admin console (database "pgbouncer", an admin_users or stats_users role) for the pooling report. */
    PGBOUNCER_URL: z.string().trim().min(1).optional(),
    /** How often one console process re-checks every production-checklist item. */
    CHECKLIST_INTERVAL_MINUTES: positiveInt(15),
    /** When set, GET /api/metrics requires `Authorization: Bearer <METRICS_TOKEN>`. */
    METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
    /** More servers to watch, as name=url pairs (lib/targets/target-list.ts); DATABASE_URL is always "primary". */
    TARGETS: z
      .string()
      .optional()
      .superRefine((value, context) => {
        try {
          parseTargetList(value);
        } catch (error) {
          if (!(error instanceof TargetListError)) throw error;
          context.addIssue({ code: 'custom', message: error.message });
        }
      }),
    /**
     * Tags of the environment's targets, for the fleet page's filter: `name=tag,tag` entries separated by whitespace
     * or semicolons (lib/targets/target-tags.ts); every name is "primary" or one of TARGETS.
     */
    TARGET_TAGS: z.string().optional(),
    /** Encrypts connection strings of targets added in the console; without it the console cannot add targets. */
    TARGETS_SECRET_KEY: z.string().min(32, 'TARGETS_SECRET_KEY must be at least 32 characters').optional(),
    /** The target table browsing reads from (the guide's read replica); unset: the primary. Writes use the primary. */
    TABLE_READS_FROM: z
      .string()
      .trim()
      .regex(TARGET_NAME_PATTERN, 'TABLE_READS_FROM must be a target name (lower-case letters, digits, "-", "_")')
      .optional(),
    /** Where alert notifications are POSTed as JSON (firing and resolved); unset: alerts are shown only. */
    ALERT_WEBHOOK_URL: z.url().optional(),
    /** Tries per notification; waits double after each failure, starting at ALERT_WEBHOOK_BACKOFF_MS. */
    ALERT_WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(5),
    ALERT_WEBHOOK_BACKOFF_MS: positiveInt(1_000),
    /** The time zone backup and restore-verify schedules are read in. */
    BACKUP_TIMEZONE: z.string().trim().min(1).default('UTC'),
    /**
     * Sign-in (docs/sign-in.md). PASSWORD_SIGNIN=false turns password sign-in off for everyone but ADMIN_EMAIL, the
     * break-glass admin, whose every use is audited and shown on the overview for a day.
     */
    PASSWORD_SIGNIN: z
      .enum(['true', 'false'])
      .default('true')
      .transform((value) => value === 'true'),
    /** An OpenID Connect provider: its issuer URL (discovery is read from it) and this console's client there. */
    OIDC_ISSUER: z.url().optional(),
    OIDC_CLIENT_ID: z.string().trim().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    /** The sign-in button's name: "Sign in with <OIDC_NAME>". */
    OIDC_NAME: z.string().trim().min(1).max(60).default('single sign-on'),
    /** Scopes asked for; some providers need `groups` added to send the groups claim. */
    OIDC_SCOPES: z.string().trim().min(1).default('openid email profile'),
    /** The claim whose values give roles, and the values that make an admin, an operator or a viewer (comma lists). */
    OIDC_ROLE_CLAIM: z.string().trim().min(1).default('groups'),
    OIDC_ADMIN_VALUES: z.string().optional().transform(parseValueList),
    OIDC_OPERATOR_VALUES: z.string().optional().transform(parseValueList),
    OIDC_VIEWER_VALUES: z.string().optional().transform(parseValueList),
    /** Roles narrowed on one target from a claim value: `group=role@target` entries, comma-separated. */
    OIDC_TARGET_ROLES: z
      .string()
      .optional()
      .transform((value, context) => {
        try {
          return parseTargetRoleRules(value);
        } catch (error) {
          if (!(error instanceof TargetRoleRuleError)) throw error;
          context.addIssue({ code: 'custom', message: error.message });
          return z.NEVER;
        }
      }),
    /** GitHub and Google sign-in through next-auth's providers, offered when both of their variables are set. */
    GITHUB_CLIENT_ID: z.string().trim().min(1).optional(),
    GITHUB_CLIENT_SECRET: z.string().min(1).optional(),
    GOOGLE_CLIENT_ID: z.string().trim().min(1).optional(),
    GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
  })
  .superRefine((env, context) => {
    try {
      parseTargetTags(env.TARGET_TAGS, [PRIMARY_TARGET, ...parseTargetList(env.TARGETS).map((target) => target.name)]);
    } catch (error) {
      if (error instanceof TargetTagsError)
        context.addIssue({ code: 'custom', path: ['TARGET_TAGS'], message: error.message });
      // A malformed TARGETS is reported on TARGETS itself.
      else if (!(error instanceof TargetListError)) throw error;
    }
    const pairs = [
      ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', env.OIDC_ISSUER !== undefined, 'OIDC_ISSUER is set'],
      ['GITHUB_CLIENT_SECRET', 'GITHUB_CLIENT_SECRET', env.GITHUB_CLIENT_ID !== undefined, 'GITHUB_CLIENT_ID is set'],
      ['GOOGLE_CLIENT_SECRET', 'GOOGLE_CLIENT_SECRET', env.GOOGLE_CLIENT_ID !== undefined, 'GOOGLE_CLIENT_ID is set'],
    ] as const;
    for (const [first, second, when, reason] of pairs)
      for (const name of new Set([first, second]))
        if (when && env[name] === undefined)
          context.addIssue({ code: 'custom', path: [name], message: `${name} is needed when ${reason}.` });
    if (!env.PASSWORD_SIGNIN && env.ADMIN_EMAIL === undefined)
      context.addIssue({
        code: 'custom',
        path: ['ADMIN_EMAIL'],
        message: 'PASSWORD_SIGNIN=false needs ADMIN_EMAIL: the one break-glass admin who may still use a password.',
      });
    if (!env.PASSWORD_SIGNIN && !env.OIDC_ISSUER && !env.GITHUB_CLIENT_ID && !env.GOOGLE_CLIENT_ID)
      context.addIssue({
        code: 'custom',
        path: ['PASSWORD_SIGNIN'],
        message:
          'PASSWORD_SIGNIN=false needs an identity provider (OIDC_ISSUER, GITHUB_CLIENT_ID or GOOGLE_CLIENT_ID).',
      });
  });

export type Env = z.infer<typeof envSchema>;

export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigurationError';
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`).join('; ');
}

let cached: Env | undefined;

export function getEnv(source: Record<string, string | undefined> = process.env): Env {
  if (source === process.env && cached) return cached;
  const result = envSchema.safeParse(source);
  if (!result.success) throw new ConfigurationError(`Invalid configuration: ${describeIssues(result.error)}`);
  if (source === process.env) cached = result.data;
  return result.data;
}

function parseVariable(name: string, value: string): ParsedConnection {
  try {
    return parseConnectionString(value);
  } catch (error) {
    if (error instanceof ConnectionStringError) throw new ConfigurationError(`${name}: ${error.message}`);
    throw error;
  }
}

/** The monitored database's connection, parsed; a clear error when it is missing or malformed. */
export function getDatabaseConnection(env: Env = getEnv()): ParsedConnection {
  if (!env.DATABASE_URL) {
    throw new ConfigurationError('DATABASE_URL is not set. Start the console with `npm start`, which provides one.');
  }
  return parseVariable('DATABASE_URL', env.DATABASE_URL);
}

/** True when CONSOLE_DATABASE_URL puts the console's own data in a database of its own. */
export function hasSeparateConsoleDatabase(env: Env = getEnv()): boolean {
  return env.CONSOLE_DATABASE_URL !== undefined;
}

/** The database holding the console schema: CONSOLE_DATABASE_URL, else the monitored primary (DATABASE_URL). */
export function getConsoleDatabaseConnection(env: Env = getEnv()): ParsedConnection {
  return env.CONSOLE_DATABASE_URL
    ? parseVariable('CONSOLE_DATABASE_URL', env.CONSOLE_DATABASE_URL)
    : getDatabaseConnection(env);
}
