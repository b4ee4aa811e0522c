/** GET /api/metrics with METRICS_TOKEN set: refused without the bearer token, served with it. */
import { describe, expect, it } from 'vitest';

process.env.METRICS_TOKEN = 'scrape-token-for-tests-0123';

describe('GET /api/metrics with a token', () => {
  it('answers 401 without the token or with a wrong one, and the exposition with it', async () => {
    const { GET } = await import('@/app/api/metrics/route');
    const url = 'http://localhost/api/metrics';
    expect((await GET(new Request(url))).status).toBe(401);
    expect((await GET(new Request(url, { headers: { authorization: 'Bearer wrong-token-of-same-len!' } }))).status).toBe(401);
    const ok = await GET(new Request(url, { headers: { authorization: 'Bearer scrape-token-for-tests-0123' } }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    expect(await ok.text()).toMatch(/^# HELP pg_up /);
  });
});
