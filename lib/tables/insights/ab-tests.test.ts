import { describe, expect, it } from 'vitest';
import { compareToControl } from './ab-tests';

describe('compareToControl', () => {
  it('computes the difference and its 95 % interval by hand-checkable numbers', () => {
    const [control, variant] = compareToControl([
      { testId: 't', variantId: 'control', metricName: 'ctr', count: 100, mean: 0.05, stddev: 0.02 },
      { testId: 't', variantId: 'variant_a', metricName: 'ctr', count: 400, mean: 0.06, stddev: 0.04 },
    ]);
    expect(control.difference).toBeNull();
    // SE = sqrt(0.04²/400 + 0.02²/100) = sqrt(0.000004 + 0.000004) = 0.0028284…; 1.96·SE = 0.0055437…
    expect(variant.difference!.value).toBeCloseTo(0.01, 12);
    expect(variant.difference!.low).toBeCloseTo(0.01 - 1.959964 * Math.sqrt(0.000008), 12);
    expect(variant.difference!.high).toBeCloseTo(0.0155437, 6);
  });

  it('gives no interval without a control or with a single observation', () => {
    expect(
      compareToControl([{ testId: 't', variantId: 'b', metricName: 'm', count: 5, mean: 1, stddev: 1 }])[0].difference,
    ).toBeNull();
    expect(
      compareToControl([
        { testId: 't', variantId: 'control', metricName: 'm', count: 1, mean: 1, stddev: null },
        { testId: 't', variantId: 'b', metricName: 'm', count: 5, mean: 1, stddev: 1 },
      ])[1].difference,
    ).toBeNull();
  });
});
