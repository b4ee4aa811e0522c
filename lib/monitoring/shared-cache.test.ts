import { describe, expect, it } from 'vitest';
import { clearSharedCache, MAX_ENTRIES, sharedCacheSize, sharedCached } from './shared-cache';

describe('sharedCached', () => {
  it('runs the producer once for concurrent callers and reuses the value within the TTL', async () => {
    clearSharedCache();
    let calls = 0;
    const produce = async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return calls;
    };
    const results = await Promise.all(Array.from({ length: 50 }, () => sharedCached('k', 1_000, produce)));
    expect(new Set(results)).toEqual(new Set([1]));
    expect(await sharedCached('k', 1_000, produce)).toBe(1);
    expect(calls).toBe(1);
    expect(await sharedCached('k', 0, produce)).toBe(2);
  });

  it('does not cache failures', async () => {
    clearSharedCache();
    await expect(sharedCached('f', 1_000, async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await sharedCached('f', 1_000, async () => 'up')).toBe('up');
  });

  it('keeps each value for the TTL it chooses, on the clock it is given', async () => {
    clearSharedCache();
    let time = 0;
    const now = () => time;
    const keep = (value: string) => (value === 'slow' ? 60_000 : 5_000);
    let next = 'slow';
    let calls = 0;
    const produce = async () => {
      calls++;
      return next;
    };
    expect(await sharedCached('ttl', keep, produce, now)).toBe('slow');
    next = 'fast';
    time = 59_999;
    expect(await sharedCached('ttl', keep, produce, now)).toBe('slow');
    expect(calls).toBe(1);
    time = 60_000;
    expect(await sharedCached('ttl', keep, produce, now)).toBe('fast');
    time = 64_999;
    expect(await sharedCached('ttl', keep, produce, now)).toBe('fast');
    expect(calls).toBe(2);
    time = 65_000;
    await sharedCached('ttl', keep, produce, now);
    expect(calls).toBe(3);
  });
});

describe('sharedCached bounds', () => {
  it('keeps at most MAX_ENTRIES entries, however many distinct keys callers choose', async () => {
    clearSharedCache();
    for (let i = 0; i < MAX_ENTRIES + 500; i++) await sharedCached(`report:activity:${i}`, 60_000, async () => i);
    expect(sharedCacheSize()).toBe(MAX_ENTRIES);
    // The most recent stay; the oldest went.
    expect(await sharedCached(`report:activity:${MAX_ENTRIES + 499}`, 60_000, async () => -1)).toBe(MAX_ENTRIES + 499);
    expect(await sharedCached('report:activity:0', 60_000, async () => -1)).toBe(-1);
  });
});
