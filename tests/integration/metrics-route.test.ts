/**
 * GET /api/metrics with METRICS_TOKEN set: refused without the bearer token, served with it; without it, this machine
 * only. It exports each sampling console process's figures (console.sampler_process) beside the targets'.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { CLIENT_ADDRESS_HEADER } from '@/lib/http/client-address';
import { fromSocket } from '../support/client-address';
import { seriesValue } from '../support/exposition';

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

describe('GET /api/metrics: the sampling processes', () => {
  it('exports the figures of each process that sampled lately, by member id, and none of one gone', async () => {
    const { getPrisma } = await import('@/lib/db');
    const { GET } = await import('@/app/api/metrics/route');
    const now = Date.now();
    const stats = (notSampled: number) => ({
      intervalSeconds: 15,
      targets: 500,
      sampled: 500 - notSampled,
      failed: 2,
      late: 3,
      notSampled,
      roundSeconds: 14.2,
      connectionsHeld: 498,
      collectorConnectionsHeld: 497,
      connectionBudget: 1000,
      concurrency: 16,
      eventLoopDelayMs: 35,
      cpuPercent: 21.5,
    });
    await getPrisma().samplerProcess.createMany({
      data: [
        {
          memberId: 7001,
          host: 'console-a',
          pid: 11,
          startedAt: new Date(now - 3_600_000),
          seenAt: new Date(now),
          stats: stats(10),
        },
        // Its last round ended ten minutes ago: gone, whatever its row says.
        {
          memberId: 7002,
          host: 'console-b',
          pid: 12,
          startedAt: new Date(now - 3_600_000),
          seenAt: new Date(now - 600_000),
          stats: stats(0),
        },
      ],
    });
    try {
      const text = await (
        await GET(new Request('http://localhost/api/metrics', { headers: fromSocket('127.0.0.1') }))
      ).text();
      expect(
        seriesValue(text, 'halcytone_sampler_targets_not_sampled', 'process="7001",host="console-a",pid="11"'),
      ).toBe(10);
      expect(seriesValue(text, 'halcytone_sampler_round_seconds', 'process="7001"')).toBe(14.2);
      expect(seriesValue(text, 'halcytone_sampler_connections', 'process="7001"')).toBe(498);
      expect(seriesValue(text, 'halcytone_sampler_collector_connections', 'process="7001"')).toBe(497);
      expect(seriesValue(text, 'halcytone_sampler_event_loop_delay_seconds', 'process="7001"')).toBe(0.035);
      expect(seriesValue(text, 'halcytone_sampler_cpu_ratio', 'process="7001"')).toBe(0.215);
      expect(text).not.toContain('process="7002"');
      // promtool parses it and finds nothing to say of these names (its only findings are postgres_exporter's two).
      const lint = spawnSync('promtool', ['check', 'metrics'], { input: text });
      expect(`${lint.stdout}${lint.stderr}`).not.toContain('halcytone_sampler');
      expect(lint.status).not.toBe(1);
    } finally {
      await getPrisma().samplerProcess.deleteMany({ where: { memberId: { in: [7001, 7002] } } });
    }
  });
});
