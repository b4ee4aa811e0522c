import { describe, expect, it } from 'vitest';
import { clearSharedCache, sharedCached } from './shared-cache';

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
});
