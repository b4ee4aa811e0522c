import { describe, expect, it } from 'vitest';
import { describeWindow, parseWindow, windowKey, windowParams, windowQuery } from './window';

const now = new Date('2026-12-02T04:00:00Z');

describe('parseWindow', () => {
  it('takes a preset, or the fallback without one', () => {
    expect(parseWindow({ range: '6h' }, now)).toEqual({
      window: { from: new Date('2026-12-01T22:00:00Z'), to: now, range: '6h' },
      problem: null,
    });
    expect(parseWindow({}, now, '15m').window.range).toBe('15m');
  });

  it('takes a range given as two ISO instants', () => {
    expect(parseWindow({ from: '2026-12-02T03:10:00Z', to: '2026-12-02T03:40:00.000Z' }, now)).toEqual({
      window: { from: new Date('2026-12-02T03:10:00Z'), to: new Date('2026-12-02T03:40:00Z'), range: null },
      problem: null,
    });
  });

  it('says what is wrong with a malformed or impossible range, and shows the preset', () => {
    const malformed = parseWindow({ range: '24h', from: 'nonsense' }, now);
    expect(malformed.window.range).toBe('24h');
    expect(malformed.problem).toMatch(/ISO 8601/);
    const backwards = parseWindow({ from: '2026-12-02T03:40:00Z', to: '2026-12-02T03:10:00Z' }, now);
    expect(backwards.window.range).toBe('1h');
    expect(backwards.problem).toMatch(/run forward/);
  });
});

describe('the window in links, cache keys and words', () => {
  const preset = parseWindow({ range: '15m' }, now).window;
  const dragged = parseWindow({ from: '2026-12-02T03:10:00Z', to: '2026-12-02T03:40:00Z' }, now).window;

  it('keeps a preset by its name and a dragged range by its instants', () => {
    expect(windowParams(preset)).toEqual({ range: '15m' });
    expect(windowParams(dragged)).toEqual({ from: '2026-12-02T03:10:00.000Z', to: '2026-12-02T03:40:00.000Z' });
    expect(windowQuery(preset)).toBe('range=15m');
    expect(windowQuery(dragged)).toBe('from=2026-12-02T03%3A10%3A00.000Z&to=2026-12-02T03%3A40%3A00.000Z');
    // What a link keeps is read back as the same window.
    expect(parseWindow(Object.fromEntries(new URLSearchParams(windowQuery(dragged))), now).window).toEqual(dragged);
  });

  it('keys and describes each', () => {
    expect(windowKey(preset)).toBe('15m');
    expect(windowKey(dragged)).toBe('2026-12-02T03:10:00.000Z/2026-12-02T03:40:00.000Z');
    expect(describeWindow(preset)).toBe('last 15m');
    expect(describeWindow(dragged)).toBe('2026-12-02 03:10:00 UTC – 2026-12-02 03:40:00 UTC');
  });
});
