/**
 * A/B test results per test, variant and metric: count, mean, and the difference from the control with a 95 %
 * confidence interval (Welch's unequal-variance standard error, normal approximation: diff ± 1.96·SE).
 */

/** One test, variant and metric over a range (lib/tables/insights/rollups/figures.ts getVariantStats). */
export interface VariantStats {
  testId: string;
  variantId: string;
  metricName: string;
  count: number;
  mean: number;
  /** Sample standard deviation; null with a single observation. */
  stddev: number | null;
}

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
