/** GET /api/metrics with METRICS_TOKEN set: refused without the bearer token, served with it. */
import { describe, expect, it, vi } from 'vitest';
import { CLIENT_ADDRESS_HEADER } from '@/lib/http/client-address';
import { fromSocket } from '../support/client-address';

process.env.METRICS_TOKEN = 'scrape-token-for-tests-0123';

describe('GET /api/metrics with a token', () => {
  it('answers 401 without the token or with a wrong one, and the exposition with it', async () => {
    const { GET } = await import('@/app/api/metrics/route');
    const url = 'http://localhost/api/metrics';
    expect((await GET(new Request(url))).status).toBe(401);
    expect(
      (await GET(new Request(url, { headers: { authorization: 'Bearer wrong-token-of-same-len!' } }))).status,
    ).toBe(401);
    const ok = await GET(new Request(url, { headers: { authorization: 'Bearer scrape-token-for-tests-0123' } }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    expect(await ok.text()).toMatch(/^# HELP pg_up /);
  });
});

describe('GET /api/metrics without a token', () => {
  it('answers this machine only; anyone else gets 401 naming METRICS_TOKEN', async () => {
    vi.resetModules();
    delete process.env.METRICS_TOKEN;
    const { GET } = await import('@/app/api/metrics/route');
    const from = (address: string, others: Record<string, string> = {}) =>
      GET(new Request('http://localhost/api/metrics', { headers: fromSocket(address, others) }));
    expect((await from('127.0.0.1')).status).toBe(200);
    expect((await from('::1')).status).toBe(200);
    const remote = await from('203.0.113.5');
    expect(remote.status).toBe(401);
    expect(await remote.json()).toEqual({
      error: { code: 'unauthenticated', message: expect.stringContaining('METRICS_TOKEN') },
    });
    // A forwarded address is believed only from a trusted proxy: a remote client cannot claim to be local.
    expect((await from('203.0.113.5', { 'x-forwarded-for': '127.0.0.1' })).status).toBe(401);
    expect((await GET(new Request('http://localhost/api/metrics'))).status).toBe(401);
    // A reverse proxy on this machine, not named in TRUSTED_PROXIES, relays remote clients from 127.0.0.1.
    expect((await from('127.0.0.1', { 'x-forwarded-for': '203.0.113.5' })).status).toBe(401);
    expect((await from('127.0.0.1', { forwarded: 'for=203.0.113.5' })).status).toBe(401);
    expect((await from('127.0.0.1', { 'x-real-ip': '203.0.113.5' })).status).toBe(401);
    // Served some other way than scripts/serve.ts, a client could write the address header itself: not believed.
    expect(
      (await GET(new Request('http://localhost/api/metrics', { headers: { [CLIENT_ADDRESS_HEADER]: '127.0.0.1' } })))
        .status,
    ).toBe(401);
    expect(
      (
        await GET(
          new Request('http://localhost/api/metrics', { headers: { [CLIENT_ADDRESS_HEADER]: 'forged-key 127.0.0.1' } }),
        )
      ).status,
    ).toBe(401);
  });
});
