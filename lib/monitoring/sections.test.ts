import { beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { forgetSections, loadSection, type Section } from './sections';
import { clearSharedCache } from './shared-cache';

const env = { LIVE_REPORT_CACHE_SECONDS: 5, SECTION_FAILURE_RETRY_SECONDS: 60 };
const T0 = Date.parse('2026-03-01T12:01:02.000Z');
let time = T0;
const now = () => time;

/** A loader that counts its runs and settles after a turn of the event loop, so concurrent callers overlap it. */
function counted<T>(outcome: () => T) {
  const loader = async () => {
    loader.runs++;
    await new Promise((resolve) => setTimeout(resolve, 5));
    return outcome();
  };
  loader.runs = 0;
  return loader;
}

const timeout = () => {
  throw new AppError('query_timeout', 'The query took longer than the console allows and was cancelled.');
};

beforeEach(() => {
  clearSharedCache();
  time = T0;
});

describe('loadSection keeps a timed-out section', () => {
  it('runs a timing-out load once for concurrent callers and not again within SECTION_FAILURE_RETRY_SECONDS', async () => {
    const load = counted(timeout);
    const sections = await Promise.all(Array.from({ length: 20 }, () => loadSection('t', load, { now, env })));
    expect(load.runs).toBe(1);
    const expected: Section<never> = {
      ok: false,
      code: 'query_timeout',
      message: 'The query took longer than the console allows and was cancelled.',
      at: '2026-03-01T12:01:02.000Z',
      retryAt: '2026-03-01T12:02:02.000Z',
    };
    for (const section of sections) expect(section).toEqual(expected);

    time = T0 + 59_999;
    expect(await loadSection('t', load, { now, env })).toEqual(expected);
    expect(load.runs).toBe(1);

    time = T0 + 60_000;
    expect(await loadSection('t', load, { now, env })).toMatchObject({ at: '2026-03-01T12:02:02.000Z' });
    expect(load.runs).toBe(2);
  });

  it('counts a statement cancelled by statement_timeout (SQLSTATE 57014) from the driver as a timeout', async () => {
    const load = counted(() => {
      throw Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' });
    });
    expect(await loadSection('driver', load, { now, env })).toMatchObject({ code: 'query_timeout' });
    time = T0 + 30_000;
    await loadSection('driver', load, { now, env });
    expect(load.runs).toBe(1);
  });

  it('does not keep a timeout when SECTION_FAILURE_RETRY_SECONDS is 0, and still runs it once for concurrent callers', async () => {
    const load = counted(timeout);
    const noRetry = { ...env, SECTION_FAILURE_RETRY_SECONDS: 0 };
    const [section] = await Promise.all([1, 2, 3].map(() => loadSection('zero', load, { now, env: noRetry })));
    expect(load.runs).toBe(1);
    expect(section).not.toHaveProperty('retryAt');
    await loadSection('zero', load, { now, env: noRetry });
    expect(load.runs).toBe(2);
  });

  it('forgets a kept timeout after a write (forgetSections)', async () => {
    const load = counted(timeout);
    await loadSection('insights:failed', load, { now, env });
    forgetSections('insights:');
    await loadSection('insights:failed', load, { now, env });
    expect(load.runs).toBe(2);
  });
});

describe('loadSection keeps other sections for LIVE_REPORT_CACHE_SECONDS', () => {
  it('keeps an ordinary failure for the live TTL only, without a retry time', async () => {
    const load = counted(() => {
      throw new AppError('database_unavailable', 'The database cannot be reached.');
    });
    const first = await loadSection('down', load, { now, env });
    expect(first).toEqual({
      ok: false,
      code: 'database_unavailable',
      message: 'The database cannot be reached.',
      at: '2026-03-01T12:01:02.000Z',
    });
    time = T0 + 4_999;
    expect(await loadSection('down', load, { now, env })).toEqual(first);
    expect(load.runs).toBe(1);
    time = T0 + 5_000;
    await loadSection('down', load, { now, env });
    expect(load.runs).toBe(2);
  });

  it('keeps data for the live TTL, stamped with the time it was read', async () => {
    let value = 0;
    const load = counted(() => ++value);
    const sections = await Promise.all([1, 2, 3].map(() => loadSection('data', load, { now, env })));
    expect(sections).toEqual(Array(3).fill({ ok: true, data: 1, at: '2026-03-01T12:01:02.000Z' }));
    time = T0 + 4_999;
    expect(await loadSection('data', load, { now, env })).toMatchObject({ data: 1 });
    time = T0 + 5_000;
    expect(await loadSection('data', load, { now, env })).toEqual({
      ok: true,
      data: 2,
      at: '2026-03-01T12:01:07.000Z',
    });
    expect(load.runs).toBe(2);
  });

  it('replaces a kept timeout with data once it is run again and answers', async () => {
    let fails = true;
    const load = counted(() => {
      if (fails) timeout();
      return 'ok';
    });
    await loadSection('recovers', load, { now, env });
    fails = false;
    time = T0 + 60_000;
    expect(await loadSection('recovers', load, { now, env })).toMatchObject({ ok: true, data: 'ok' });
    time = T0 + 64_999;
    expect(await loadSection('recovers', load, { now, env })).toMatchObject({ ok: true, data: 'ok' });
    expect(load.runs).toBe(2);
  });
});
