import type { Locator, Page } from '@playwright/test';

/**
 * Drags across a chart from one fraction of its width to another, as a person selecting a time range does (the
 * chart's brush: components/history/stacked-area-chart.tsx). Moves in steps so the chart sees the drag in progress.
 */
export async function dragAcrossChart(page: Page, chart: Locator, from: number, to: number): Promise<void> {
  await chart.scrollIntoViewIfNeeded();
  const box = (await chart.boundingBox())!;
  const y = box.y + box.height / 2;
  const x = (fraction: number) => box.x + box.width * fraction;
  await page.mouse.move(x(from), y);
  await page.mouse.down();
  await page.mouse.move(x((from + to) / 2), y, { steps: 8 });
  await page.mouse.move(x(to), y, { steps: 8 });
  await page.mouse.up();
}
