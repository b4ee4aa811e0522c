/**
 * What the demo data looks like: one entry per application table with its share of the rows, its columns and a
 * row builder. Values are varied and plausible (channels, A/B tests with a control and variants, several JSONB
 * shapes, scheduled content in every status, caches both live and expired), and reproducible from the seed.
 */
import type { CopyValue } from './copy-writer';
import type { Random } from './random';

export const CHANNELS = ['email', 'web', 'social', 'push', 'sms', 'blog'] as const;
export const SCHEDULE_STATUSES = ['pending', 'processing', 'published', 'failed', 'cancelled'] as const;
const OPERATIONS = [
  'generate',
  'edit',
  'review',
  'approve',
  'reject',
  'publish',
  'schedule',
  'archive',
  'delete',
] as const;
const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet', 'llama-3-70b'] as const;
const CACHE_TARGETS = ['llm_response', 'template', 'render', 'embedding', 'image', 'api'] as const;
const AB_METRICS = [
  { name: 'click_through_rate', mean: 0.045, deviation: 0.012 },
  { name: 'conversion_rate', mean: 0.021, deviation: 0.007 },
  { name: 'open_rate', mean: 0.31, deviation: 0.06 },
  { name: 'engagement_seconds', mean: 94, deviation: 28 },
] as const;
const FAILURES = [
  'SMTP 421 4.7.0 Try again later, closing connection',
  'Rate limited by the social network API (HTTP 429); retry after 900 s',
  "Template rendering failed: variable 'first_name' is undefined",
  'Timed out after 30 s waiting for the CDN to accept the upload',
  'Push provider rejected the token: device not registered',
  'Content blocked by moderation filter (policy: promotional claims)',
] as const;
const SEGMENT_NAMES = [
  'High-engagement email readers',
  'Lapsed subscribers (90 d)',
  'New sign-ups this month',
  'Mobile-first readers',
  'Enterprise trial accounts',
  'Weekend social audience',
  'Price-sensitive shoppers',
  'Newsletter power users',
] as const;
const DAY_MS = 86_400_000;

export interface DemoContext {
  random: Random;
  /** Distinguishes this run's keys from an earlier run's (primary keys and UNIQUE columns must not collide). */
  runTag: string;
  now: number;
  /** How many distinct content ids the tables share. */
  contentPool: number;
  /** How many A/B tests the results spread over. */
  testCount: number;
}

export interface DemoTable {
  name: string;
  /** Share of the requested rows. */
  share: number;
  columns: readonly string[];
  row(context: DemoContext, index: number): CopyValue[];
}

const contentId = (context: DemoContext) =>
  `cnt-${context.random.int(1, context.contentPool).toString(36).padStart(5, '0')}`;
const pastDate = (context: DemoContext, days: number) => new Date(context.now - context.random.next() * days * DAY_MS);
const userId = (context: DemoContext) => (context.random.chance(0.1) ? null : `user-${context.random.int(1, 250)}`);
const round = (value: number, digits: number) => Number(value.toFixed(digits));

function auditMetadata(context: DemoContext, operation: string): object | null {
  const { random } = context;
  switch (operation) {
    case 'generate':
      return { model: random.pick(MODELS), prompt_tokens: random.int(80, 1200), temperature: round(random.next(), 2) };
    case 'edit':
      return { editor: random.pick(['web', 'api', 'bulk']), diff_chars: random.int(1, 4000) };
    case 'publish':
      return { channel: random.pick(CHANNELS), url: `https://halcytone.example/c/${random.int(1, 99999)}` };
    case 'reject':
      return { reason: random.pick(['tone', 'factual error', 'brand guidelines', 'length']), reviewer_notes: null };
    default:
      return random.chance(0.5) ? null : { source: random.pick(['ui', 'api', 'scheduler']) };
  }
}

export const DEMO_TABLES: readonly DemoTable[] = [
  {
    name: 'content_audit',
    share: 0.35,
    columns: ['content_id', 'operation', 'user_id', 'timestamp', 'metadata'],
    row(context) {
      const operation = context.random.pick(OPERATIONS);
      return [contentId(context), operation, userId(context), pastDate(context, 90), auditMetadata(context, operation)];
    },
  },
  {
    name: 'content_metrics',
    share: 0.3,
    columns: [
      'content_id',
      'channel',
      'generation_time_ms',
      'ai_tokens_used',
      'quality_score',
      'created_at',
      'metadata',
    ],
    row(context) {
      const { random } = context;
      const channel = random.pick(CHANNELS);
      const longForm = channel === 'blog' || channel === 'email';
      const quality = Math.min(1, Math.max(0, random.normal(0.82, 0.09)));
      return [
        contentId(context),
        channel,
        Math.round(random.logNormal(longForm ? 2600 : 900, 0.45)),
        Math.round(random.logNormal(longForm ? 1800 : 350, 0.35)),
        quality.toFixed(2),
        pastDate(context, 90),
        random.chance(0.3)
          ? null
          : { model: random.pick(MODELS), template: `tpl-${random.int(1, 40)}`, cached: random.chance(0.2) },
      ];
    },
  },
  {
    name: 'ab_test_results',
    share: 0.2,
    columns: ['test_id', 'variant_id', 'metric_name', 'metric_value', 'timestamp', 'metadata'],
    row(context) {
      const { random } = context;
      const test = random.int(1, context.testCount);
      // Each test has a control and one to three variants; variants differ from control by a small lift.
      const variants = 2 + (test % 3);
      const variant = random.int(0, variants - 1);
      const metric = AB_METRICS[test % AB_METRICS.length];
      const lift = variant === 0 ? 1 : 1 + (((test * 7 + variant * 13) % 11) - 3) / 100;
      const value = Math.max(0, random.normal(metric.mean * lift, metric.deviation));
      return [
        `ab-${context.runTag}-${test}`,
        variant === 0 ? 'control' : `variant_${String.fromCharCode(96 + variant)}`,
        metric.name,
        value.toFixed(4),
        pastDate(context, 30),
        random.chance(0.5)
          ? { segment: `seg-${random.int(1, 8)}` }
          : { sample: random.int(100, 5000), device: random.pick(['mobile', 'desktop']) },
      ];
    },
  },
  {
    name: 'scheduled_content',
    share: 0.08,
    columns: [
      'content_id',
      'channel',
      'scheduled_time',
      'status',
      'retry_count',
      'created_at',
      'published_at',
      'error_message',
    ],
    row(context, index) {
      const { random } = context;
      const status = random.pick(SCHEDULE_STATUSES);
      // Pending items are mostly in the future; a few are overdue.
      const offsetDays = status === 'pending' ? random.next() * 14 - 1 : -random.next() * 60;
      const scheduled = new Date(context.now + offsetDays * DAY_MS);
      const created = new Date(scheduled.getTime() - random.next() * 7 * DAY_MS);
      return [
        `sched-${context.runTag}-${index}`,
        random.pick(CHANNELS),
        scheduled,
        status,
        status === 'failed' ? random.int(1, 5) : status === 'published' && random.chance(0.1) ? 1 : 0,
        created,
        status === 'published' ? new Date(scheduled.getTime() + random.int(1, 300) * 1000) : null,
        status === 'failed' ? random.pick(FAILURES) : null,
      ];
    },
  },
  {
    name: 'cache_metadata',
    share: 0.06,
    columns: ['cache_key', 'target', 'created_at', 'expires_at', 'size_bytes', 'hit_count', 'last_accessed'],
    row(context, index) {
      const { random } = context;
      const target = random.pick(CACHE_TARGETS);
      const created = pastDate(context, 30);
      // Roughly a third already expired.
      const expires = new Date(context.now + (random.next() * 3 - 1) * 10 * DAY_MS);
      const hits = Math.floor(random.logNormal(6, 1.4));
      return [
        `${target}:${context.runTag}:${index.toString(36)}`,
        target,
        created,
        expires > created ? expires : new Date(created.getTime() + DAY_MS),
        Math.round(random.logNormal(target === 'image' ? 250_000 : 4_000, 0.8)),
        hits,
        hits === 0 ? null : new Date(created.getTime() + random.next() * (context.now - created.getTime())),
      ];
    },
  },
  {
    name: 'user_segments',
    share: 0.01,
    columns: ['segment_id', 'segment_name', 'criteria', 'active', 'created_at', 'updated_at'],
    row(context, index) {
      const { random } = context;
      const created = pastDate(context, 365);
      const shapes = [
        {
          all: [
            { field: 'country', op: 'in', value: ['US', 'CA', 'GB'] },
            { field: 'opens_30d', op: '>=', value: random.int(2, 10) },
          ],
        },
        {
          any: [
            { field: 'channel', op: '=', value: random.pick(CHANNELS) },
            { field: 'device', op: '=', value: 'mobile' },
          ],
        },
        { last_active_days: { gt: random.int(30, 120) }, plan: random.pick(['free', 'trial', 'pro']) },
        { tags: ['newsletter', random.pick(['sale', 'product', 'events'])], min_spend: random.int(0, 500) },
      ];
      return [
        `seg-${context.runTag}-${index}`,
        `${random.pick(SEGMENT_NAMES)} #${index + 1}`,
        random.pick(shapes),
        random.chance(0.8),
        created,
        new Date(created.getTime() + random.next() * (context.now - created.getTime())),
      ];
    },
  },
];

/** Splits `total` rows over the tables by share; every table gets at least one row when total ≥ 6. */
export function planRowCounts(total: number): Map<string, number> {
  const counts = new Map(
    DEMO_TABLES.map((table) => [
      table.name,
      total >= DEMO_TABLES.length ? Math.max(1, Math.floor(total * table.share)) : 0,
    ]),
  );
  const assigned = [...counts.values()].reduce((sum, n) => sum + n, 0);
  counts.set(DEMO_TABLES[0].name, (counts.get(DEMO_TABLES[0].name) ?? 0) + (total - assigned));
  return counts;
}
