/** Prometheus scrapes GET /api/metrics without a session (no METRICS_TOKEN here): the sampler's figures, no secrets. */
import { expect, test } from '@playwright/test';

test('the metrics endpoint serves the exposition with the server up and no secret in it', async ({ request }) => {
  await expect(async () => {
    const response = await request.get('/api/metrics');
    expect(response.status()).toBe(200);
    const text = await response.text();
    expect(text).toContain('pg_up{target="primary"} 1');
    expect(text).toMatch(/pg_database_size_bytes\{target="primary",datname="halcytone_prod"\} \d+/);
    expect(text).not.toMatch(/postgres(ql)?:\/\//);
  }).toPass({ timeout: 20_000 });
});

test('relayed from this machine by a proxy the console does not know, a scrape is refused', async ({ request }) => {
  // The real server (scripts/serve.ts) in front of Next.js, which adds an X-Forwarded-For of its own to every request.
  const response = await request.get('/api/metrics', { headers: { 'X-Forwarded-For': '203.0.113.5' } });
  expect(response.status()).toBe(401);
  expect((await response.json()).error).toMatchObject({
    code: 'unauthenticated',
    message: expect.stringContaining('METRICS_TOKEN'),
  });
});
