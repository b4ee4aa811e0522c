/**
 * A/B test results per test, variant and metric: count, mean, and the difference from the control with a 95 %
 * confidence interval (Welch's unequal-variance standard error, normal approximation: diff ± 1.96·SE).
 */
import 'server-only';
import { z } from 'zod';
import { query } from '../../pg/client';
import { float, int, text } from '../../pg/rows';

const variantStatsRow = z.object({
  testId: text,
  variantId: text,
  metricName: text,
  count: int,
  /** avg() of a DECIMAL column is a numeric: pg sends it as text. */
  mean: float,
  /** Sample standard deviation; null with a single observation. */
  stddev: float.nullable(),
});
export type VariantStats = z.output<typeof variantStatsRow>;

export interface VariantComparison extends VariantStats {
  isControl: boolean;
  /** mean − control mean, with its 95 % interval; null for the control or when it cannot be computed. */
  difference: { value: number; low: number; high: number } | null;
}

const Z_95 = 1.959964;

/** Pure: compares each variant of a test and metric with the variant named "control". */
export function compareToControl(stats: readonly VariantStats[]): VariantComparison[] {
  return stats.map((variant) => {
    const control = stats.find(
      (s) => s.testId === variant.testId && s.metricName === variant.metricName && s.variantId === 'control',
    );
    const isControl = variant.variantId === 'control';
    if (isControl || !control || variant.stddev === null || control.stddev === null)
      return { ...variant, isControl, difference: null };
    const value = variant.mean - control.mean;
    const standardError = Math.sqrt(variant.stddev ** 2 / variant.count + control.stddev ** 2 / control.count);
    return {
      ...variant,
      isControl,
      difference: { value, low: value - Z_95 * standardError, high: value + Z_95 * standardError },
    };
  });
}

/** The most recently active tests (by their latest result), all variants and metrics. */
export async function findRecentVariantStats(testLimit = 12): Promise<VariantStats[]> {
  return query(
    variantStatsRow,
    `
    WITH recent AS (
      SELECT test_id FROM ab_test_results GROUP BY test_id ORDER BY max("timestamp") DESC LIMIT $1
    )
    SELECT
      r.test_id AS "testId",
      r.variant_id AS "variantId",
      r.metric_name AS "metricName",
      count(r.metric_value) AS "count",
      avg(r.metric_value) AS "mean",
      stddev_samp(r.metric_value) AS "stddev"
    FROM ab_test_results r
    JOIN recent USING (test_id)
    WHERE r.metric_value IS NOT NULL
    GROUP BY 1, 2, 3
    ORDER BY 1, 3, (r.variant_id <> 'control'), 2
  `,
    [testLimit],
  );
}
