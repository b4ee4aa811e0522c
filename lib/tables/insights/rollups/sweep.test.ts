import { describe, expect, it } from 'vitest';
import { isComplete, joinPieces, nextStep, startRecount, startVerification } from './sweep';

describe('sweeps in steps', () => {
  // 144,000 rows over the day: 100 per minute.
  const closed = startVerification('content_audit', { day: '2031-03-10', rows: 144_000 }, '2031-03-12 08:00:00.000');

  it('verifies a closed day to its end and the open day to the watermark', () => {
    expect(closed).toMatchObject({ open: false, until: '2031-03-11 00:00:00.000', next: '2031-03-10 00:00:00.000' });
    const open = startVerification('content_audit', { day: '2031-03-12', rows: 48_000 }, '2031-03-12 08:00:00.000');
    expect(open).toMatchObject({ open: true, until: '2031-03-12 08:00:00.000' });
  });

  it('takes as many whole ten-second spans as the room pays for', () => {
    // 0.001 ms a row: a minute (100 rows) costs 0.1 ms; 21 ms of room less the overhead buys 200 minutes.
    const step = nextStep(closed, 21, 0.001);
    expect(step).toMatchObject({ from: '2031-03-10 00:00:00.000', to: '2031-03-10 03:20:00.000' });
    expect(step.expectedMs).toBeCloseTo(21, 0);
  });

  it('takes at least ten seconds, and never more than the rest', () => {
    expect(nextStep(closed, 0, 0.001).to).toBe('2031-03-10 00:00:10.000');
    expect(nextStep(closed, 1e6, 0.001).to).toBe('2031-03-11 00:00:00.000');
    const last = { ...closed, next: '2031-03-10 23:59:55.000' };
    expect(nextStep(last, 0, 0.001).to).toBe('2031-03-11 00:00:00.000');
    expect(isComplete({ ...last, next: last.until })).toBe(true);
  });

  it('recounts a run of slots from its first slot to the end of its last', () => {
    const run = startRecount('scheduled_content', [
      { day: '2031-03-10', minute: 600, rows: 10 },
      { day: '2031-03-10', minute: 610, rows: 30 },
    ]);
    expect(run).toMatchObject({ from: '2031-03-10 10:00:00.000', until: '2031-03-10 10:20:00.000', expected: 40 });
    expect(run.slices).toEqual([
      { day: '2031-03-10', minute: 600 },
      { day: '2031-03-10', minute: 610 },
    ]);
  });

  it('joins the pieces of a part into one array', () => {
    expect(joinPieces(['[{"a":1}]', '[]', '[{"a":2}, {"a":3}]'])).toBe('[{"a":1},{"a":2}, {"a":3}]');
    expect(JSON.parse(joinPieces(['[]', '[]']))).toEqual([]);
  });
});
